import type { FieldsCommandNode, FieldListCommandNode, RenameCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import type { Row } from '../row';
import { compileWildcard, wildcardCaptures, withCaptures } from '../wildcard';
import { carries, renames } from '../keyFilter';
import { readOptions, rejectExtras, streaming, type CommandSpec, type KeyFlow, type Stage } from './types';

/** Field names of a row matching any of the (case-sensitive, `*`-wildcard) patterns, in pattern order. */
export function matchingNames(row: Row, patterns: string[]): string[] {
  return nameMatcher(patterns)(row);
}

/**
 * `matchingNames` with the patterns compiled once, for a command that applies them to every row.
 * Linear in the row's fields: `table *` on 20,000 columns looks at each name once per pattern.
 */
export function nameMatcher(patterns: string[]): (row: Row) => string[] {
  const compiled = patterns.map((pattern) => (pattern.includes('*') ? compileWildcard(pattern, true) : pattern));
  return (row) => {
    const out: string[] = [];
    const seen = new Set<string>();
    const add = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      out.push(name);
    };
    let names: string[] | undefined;
    for (const pattern of compiled) {
      if (typeof pattern === 'string') add(pattern);
      else for (const name of (names ??= row.names())) if (pattern.test(name)) add(name);
    }
    return out;
  };
}

/** The names of `present` that the patterns name (`kept`), or those they do not name (removed ones gone). */
function named(present: ReadonlySet<string>, patterns: string[], kept: boolean): Set<string> {
  const compiled = patterns.map((pattern) => compileWildcard(pattern, true));
  return new Set([...present].filter((name) => compiled.some((pattern) => pattern.test(name)) === kept));
}

/** `table a, b*`: rows with exactly those fields, in that order. */
export const tableCommand: CommandSpec = {
  names: ['table'],
  compile(node) {
    const table = node as FieldListCommandNode;
    rejectExtras(table);
    readOptions(table.options, [], 'table');
    const patterns = table.fields.map((f) => f.name);
    const matching = nameMatcher(patterns);
    return streaming((row) => row.materialize(matching(row).filter((n) => row.has(n))), (origins, present) => ({ ...carries(origins, []), present: named(present, patterns, true) }));
  },
};

/** `fields [+] a, b*` keeps those fields (and the internal `_raw`/`_time`); `fields - a` removes them. */
export const fieldsCommand: CommandSpec = {
  names: ['fields'],
  compile(node) {
    const fields = node as FieldsCommandNode;
    rejectExtras(fields);
    const patterns = fields.fields.map((f) => f.name);
    const matching = nameMatcher(patterns);
    const keyFlow: Stage['keyFlow'] = (origins, present) => ({ ...carries(origins, []), present: named(present, patterns, fields.mode !== '-') });
    if (fields.mode === '-') {
      return streaming((row) => {
        for (const name of matching(row)) row.delete(name);
        return row;
      }, keyFlow);
    }
    return streaming((row) => {
      const keep = matching(row);
      for (const internal of ['_raw', '_time']) if (!keep.includes(internal) && row.has(internal)) keep.push(internal);
      return row.materialize(keep.filter((n) => row.has(n)));
    }, keyFlow);
  },
};

/** Names a wildcard rename remembers the new name of (a log with ever new field names stays bounded). */
const MAX_REMEMBERED_NAMES = 10_000;

/**
 * `rename a AS b, X.* AS *`: a wildcard in the new name takes what the old name's wildcard matched.
 * A renamed field replaces a field of the new name.
 */
export const renameCommand: CommandSpec = {
  names: ['rename'],
  compile(node) {
    const rename = node as RenameCommandNode;
    rejectExtras(rename);
    const pairs = rename.pairs.map((pair) => {
      if (!pair.to) throw new RunError(RunCode.notRunnable, `rename ${pair.from.name} needs AS <new name>`, pair.span);
      const from = pair.from.name;
      const to = pair.to.name;
      const stars = (from.match(/\*/g) ?? []).length;
      if ((to.match(/\*/g) ?? []).length > stars) throw new RunError(RunCode.invalidArgument, `rename ${from} AS ${to}: the new name has more wildcards than the old`, pair.span);
      return { from, to, wildcard: stars > 0, renamed: new Map<string, string | null>() };
    });
    // A new name takes the old one's origin (the old name, now null, keeps its own: simpler, and never wrong).
    const keyFlow: Stage['keyFlow'] = (origins, present) => {
      let flow: KeyFlow = { origins, present };
      for (const { from, to, wildcard } of pairs) {
        const moves: Array<[string, string]> = [];
        for (const name of flow.origins.keys()) {
          const caught = wildcard ? wildcardCaptures(from, name) : name === from ? [] : undefined;
          if (caught) moves.push([name, wildcard ? withCaptures(to, caught) : to]);
        }
        flow = renames(flow.origins, flow.present ?? new Set(), moves);
      }
      return flow;
    };
    return streaming((row) => {
      for (const { from, to, wildcard, renamed } of pairs) {
        if (!wildcard) {
          const value = row.get(from);
          if (value === null) continue;
          row.delete(from);
          row.set(to, value);
          continue;
        }
        const moves: Array<[string, string]> = [];
        for (const name of row.names()) {
          // Every row of a search has much the same names (`rename Processes.* AS *` on each tstats row).
          let target = renamed.get(name);
          if (target === undefined) {
            const caught = wildcardCaptures(from, name);
            target = caught ? withCaptures(to, caught) : null;
            if (renamed.size < MAX_REMEMBERED_NAMES) renamed.set(name, target);
          }
          if (target !== null) moves.push([name, target]);
        }
        const values = moves.map(([old]) => row.get(old));
        for (const [old] of moves) row.delete(old);
        moves.forEach(([, renamed], i) => row.set(renamed, values[i]));
      }
      return row;
    }, keyFlow);
  },
};
