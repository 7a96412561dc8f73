// `| makeresults [count=1] [format=csv|json data="..."]` (SR makeresults): rows made from nothing,
// each with `_time` = the run's now (whole seconds); with data=, one row per CSV record or JSON object.
import type { GenericCommandNode, OptionNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import { parseCsv } from '../lookupTables';
import { Row } from '../row';
import type { Value } from '../values';
import { jsonText, parseJson } from './structured';
import { optionText, parseCount, readOptions, type CommandSpec } from './types';

function dataRows(format: string, data: string, option: OptionNode): Array<Array<[string, Value]>> {
  if (format === 'csv') {
    const [header, ...records] = parseCsv(data);
    if (!header) return [];
    return records.map((cells) => header.map((h, i): [string, Value] => [h.trim(), cells[i] ?? '']).filter(([h, v]) => h !== '' && v !== ''));
  }
  const root = parseJson(data.trim());
  const objects = root?.kind === 'array' ? root.items : root ? [root] : [];
  if (!root || objects.some((o) => o.kind !== 'object')) throw new RunError(RunCode.invalidArgument, 'makeresults format=json needs a JSON object or an array of objects in data=', option.span);
  return objects.map((o) =>
    o.kind !== 'object'
      ? []
      : o.entries
          .filter(([, v]) => !(v.kind === 'scalar' && v.isNull))
          .map(([key, v]): [string, Value] => [key, v.kind === 'array' ? v.items.map((item) => jsonText(item, data.trim())) : jsonText(v, data.trim())]),
  );
}

export const makeresultsCommand: CommandSpec = {
  names: ['makeresults'],
  generating: true,
  firstOnly: true,
  compile(node, { ctx }) {
    const generic = node as GenericCommandNode;
    const options: OptionNode[] = [];
    for (const arg of generic.args) {
      if (arg.kind !== 'option') throw new RunError(RunCode.invalidArgument, `'${ctx.source(arg.span)}' is not an argument the local engine understands for makeresults`, arg.span);
      options.push(arg);
    }
    const found = readOptions(options, ['count', 'annotate', 'format', 'data', 'splunk_server', 'splunk_server_group'], 'makeresults');
    const annotate = found.get('annotate');
    if (annotate && /^(true|t|1|yes)$/i.test(optionText(annotate))) throw new RunError(RunCode.invalidArgument, 'makeresults annotate=true is not supported by the local engine', annotate.span);
    const time = Math.floor(ctx.now);
    let rows: Array<Array<[string, Value]>>;
    const data = found.get('data');
    if (data) {
      const format = found.has('format') ? optionText(found.get('format')!).toLowerCase() : 'json';
      if (format !== 'csv' && format !== 'json') throw new RunError(RunCode.invalidArgument, `makeresults format=${format}: expected csv or json`, found.get('format')!.span);
      rows = dataRows(format, optionText(data), data);
    } else {
      const count = found.has('count') ? parseCount(optionText(found.get('count')!), found.get('count')!.span, 'count') : 1;
      ctx.checkBuffer(count, generic.span, 'makeresults');
      rows = Array.from({ length: count }, () => []);
    }
    ctx.checkBuffer(rows.length, generic.span, 'makeresults');
    return {
      push() {},
      finish(emit) {
        for (const fields of rows) emit(new Row(undefined, [], [['_time', time], ...fields]));
      },
      // It reads no events.
      done: () => true,
    };
  },
};
