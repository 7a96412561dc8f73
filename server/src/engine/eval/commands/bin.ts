import type { BinCommandNode } from '../../../spl/ast';
import type { Span } from '../../../text/span';
import { RunCode, RunError } from '../errors';
import { asNumber, firstScalar, formatNumber } from '../values';
import { optionText, readOptions, rejectExtras, streaming, type CommandSpec } from './types';

const UNIT_SECONDS: Array<[RegExp, number]> = [
  [/^(?:s|sec|secs|second|seconds)$/i, 1],
  [/^(?:m|min|mins|minute|minutes)$/i, 60],
  [/^(?:h|hr|hrs|hour|hours)$/i, 3600],
  [/^(?:d|day|days)$/i, 86400],
  [/^(?:w|week|weeks)$/i, 604800],
];

/** A span in seconds (`1h`, `30m`, `1d`, `10` = 10 seconds); month/year spans are not fixed lengths. */
export function parseSpan(text: string, span: Span): number {
  const m = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text.trim());
  if (!m) throw new RunError(RunCode.invalidArgument, `span=${text} is not a span the local engine understands`, span);
  const amount = Number(m[1]);
  if (m[2] === '') return amount;
  const unit = UNIT_SECONDS.find(([re]) => re.test(m[2]));
  if (!unit || amount <= 0) throw new RunError(RunCode.invalidArgument, `span=${text}: only s, m, h, d and w spans are supported locally`, span);
  return amount * unit[1];
}

/**
 * `bin`/`bucket span=X field [AS alias]`: `_time` (or a span with a time unit) is floored to the span,
 * in UTC; another numeric field gets Splunk's `lo-hi` range text.
 */
export const binCommand: CommandSpec = {
  names: ['bin', 'bucket'],
  compile(node) {
    const bin = node as BinCommandNode;
    rejectExtras(bin);
    const options = readOptions(bin.options, ['span'], bin.name);
    const spanOption = options.get('span');
    if (!spanOption) throw new RunError(RunCode.invalidArgument, `${bin.name} needs span= locally (bins= is not supported)`, bin.nameSpan);
    if (!bin.field) throw new RunError(RunCode.notRunnable, `${bin.name} needs a field`, bin.span);
    const spanText = optionText(spanOption);
    const size = parseSpan(spanText, spanOption.span);
    const field = bin.field.name;
    const target = bin.alias?.name ?? field;
    const asTime = field === '_time' || /[a-z]$/i.test(spanText);
    return streaming((row) => {
      const n = asNumber(firstScalar(row.get(field)));
      if (n === undefined) return row;
      const low = Math.floor(n / size) * size;
      row.set(target, asTime ? low : `${formatNumber(low)}-${formatNumber(low + size)}`);
      return row;
    });
  },
};
