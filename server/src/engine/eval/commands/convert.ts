import type { ConvertCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import { strftime, strptime } from '../timeFormat';
import { asNumber, isNull, mv, scalarText, valuesOf, type Scalar, type Value } from '../values';
import { matchingNames } from './fields';
import { carries } from '../keyFilter';
import { optionText, readOptions, rejectExtras, streaming, type CommandSpec, type Stage } from './types';

/** convert's default time format (Search Reference, convert: timeformat). */
export const DEFAULT_TIMEFORMAT = '%m/%d/%Y %H:%M:%S';

function durationSeconds(text: string): number | undefined {
  const m = /^(?:(\d+)\+)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return asNumber(text);
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

type Converter = (value: Scalar, timeformat: string) => Scalar | null;

const CONVERTERS: Record<string, Converter> = {
  // A value that is not a number is left as it is.
  ctime: (v, f) => {
    const n = asNumber(v);
    return n === undefined ? v : strftime(n, f);
  },
  mktime: (v, f) => strptime(scalarText(v), f) ?? v,
  num: (v) => asNumber(v) ?? null,
  auto: (v) => asNumber(v) ?? v,
  none: (v) => v,
  dur2sec: (v) => durationSeconds(scalarText(v)) ?? v,
  rmunit: (v) => {
    const m = /^\s*([+-]?\d+(?:\.\d+)?)/.exec(scalarText(v));
    return m ? Number(m[1]) : null;
  },
};

/** `convert [timeformat=...] ctime(x) [AS y] ...`: time and number conversions, UTC for times. */
export const convertCommand: CommandSpec = {
  names: ['convert'],
  compile(node) {
    const convert = node as ConvertCommandNode;
    rejectExtras(convert);
    const options = readOptions(convert.options, ['timeformat'], 'convert');
    const timeformatOption = options.get('timeformat');
    const timeformat = timeformatOption ? optionText(timeformatOption) : DEFAULT_TIMEFORMAT;
    const conversions = convert.conversions.map((c) => {
      const fn = CONVERTERS[c.func.toLowerCase()];
      if (!fn) throw new RunError(RunCode.unsupportedFunction, `convert function ${c.func}() is not supported by the local engine`, c.funcSpan);
      if (!c.field) throw new RunError(RunCode.notRunnable, `${c.func}() needs a field`, c.span);
      if (c.alias && c.field.name.includes('*')) throw new RunError(RunCode.invalidArgument, `${c.func}(${c.field.name}) AS ... cannot rename a wildcard`, c.span);
      return { fn, field: c.field.name, alias: c.alias?.name };
    });
    // A wildcard converts fields in place (no alias): each keeps its origin.
    const keyFlow: Stage['keyFlow'] = (origins, present) => carries(origins, conversions.filter((c) => !c.field.includes('*')).map((c) => [c.alias ?? c.field, [c.field]]), present);
    return streaming((row) => {
      for (const { fn, field, alias } of conversions) {
        for (const name of matchingNames(row, [field])) {
          const value = row.get(name);
          if (isNull(value)) continue;
          const out: Value = mv(valuesOf(value).map((v) => fn(v, timeformat)).filter((v): v is Scalar => v !== null));
          row.set(alias ?? name, Array.isArray(value) ? out : Array.isArray(out) ? out[0] : out);
        }
      }
      return row;
    }, keyFlow);
  },
};
