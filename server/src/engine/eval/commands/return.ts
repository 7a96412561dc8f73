// `return [<count>] [<alias>=<field>...] [<field>...] [$<field>...]` (SR return): "replaces the incoming
// events with one event, with one attribute: search", built from the first <count> rows (default 1):
// `field="value"`, `alias="value"` or the bare value for `$field`; "Each row is viewed as an OR clause".
// Rules and choices: docs/semantics.md, "return".
import type { GenericCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import { Row } from '../row';
import { scalarText, valuesOf } from '../values';
import type { CommandSpec } from './types';

type Item = { kind: 'pair'; name: string; field: string } | { kind: 'value'; field: string };

/** A value as search text: quoted (with `\` and `"` escaped) unless it is one plain word. */
export function searchLiteral(value: string): string {
  return /^[^\s"'()=[\]|`\\]+$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function rowText(row: Row, items: Item[]): string {
  const parts: string[] = [];
  for (const item of items) {
    const value = valuesOf(row.get(item.field)).map(scalarText)[0];
    if (value === undefined) continue;
    parts.push(item.kind === 'pair' ? `${item.name}=${searchLiteral(value)}` : searchLiteral(value));
  }
  return parts.join(' ');
}

export const returnCommand: CommandSpec = {
  names: ['return'],
  compile(node) {
    const command = node as GenericCommandNode;
    let count = 1;
    const items: Item[] = [];
    command.args.forEach((arg, index) => {
      if (arg.kind === 'option' && arg.value?.kind === 'word') items.push({ kind: 'pair', name: arg.name, field: arg.value.text });
      else if (arg.kind === 'word' && index === 0 && /^\d+$/.test(arg.text)) count = Number(arg.text);
      else if (arg.kind === 'word' && arg.text.startsWith('$') && arg.text.length > 1) items.push({ kind: 'value', field: arg.text.slice(1) });
      else if (arg.kind === 'word') items.push({ kind: 'pair', name: arg.text, field: arg.text });
      else throw new RunError(RunCode.invalidArgument, 'return takes [count] and fields, alias=field or $field', arg.span);
    });
    if (items.length === 0) throw new RunError(RunCode.notRunnable, 'return needs a field to return', command.span);
    const rows: Row[] = [];
    return {
      push(row) {
        if (rows.length < count) rows.push(row);
      },
      finish(emit) {
        const clauses = rows.map((row) => rowText(row, items)).filter((text) => text !== '');
        // No row (or none with the fields): no result, so the subsearch formats as NOT ( ) (our choice).
        if (clauses.length === 0) return;
        const search = clauses.length === 1 ? clauses[0] : clauses.map((c) => `(${c})`).join(' OR ');
        emit(new Row(undefined, [...new Set(rows.flatMap((r) => r.events))].sort((a, b) => a - b), [['search', search]]));
      },
      done: () => rows.length >= count,
    };
  },
};
