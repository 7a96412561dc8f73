// `replace <old> WITH <new> [, <old> WITH <new>]... [IN <fields>]` (SR replace; docs/semantics.md,
// "replace"): a value equal to `old` (case-sensitive; `*` matches any run) becomes `new`, where each
// `*` of `new` takes what the corresponding `*` of `old` matched. The first matching pair wins.
import type { GenericCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import type { Row } from '../row';
import { scalarText, valuesOf, type Scalar } from '../values';
import { matchingNames } from './fields';
import { streaming, type CommandSpec } from './types';

interface Pair {
  pieces: string[];
  replacement: string;
}

/**
 * What each `*` of a pattern matched in a value, or undefined when the value does not match: each
 * middle piece at its leftmost place (as a lazy regex would take it), without backtracking, so no
 * pattern can make it slow.
 */
export function wildcardCaptures(pieces: string[], value: string): string[] | undefined {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (pieces.length === 1) return value === first ? [] : undefined;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return undefined;
  const caught: string[] = [];
  let at = first.length;
  const limit = value.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const found = value.indexOf(pieces[i], at);
    if (found < 0 || found + pieces[i].length > limit) return undefined;
    caught.push(value.slice(at, found));
    at = found + pieces[i].length;
  }
  caught.push(value.slice(at, limit));
  return caught;
}

function replaceValue(value: string, pairs: Pair[]): string {
  for (const { pieces, replacement } of pairs) {
    const caught = wildcardCaptures(pieces, value);
    if (!caught) continue;
    let group = 0;
    return replacement.replace(/\*/g, () => caught[group++] ?? '');
  }
  return value;
}

export const replaceCommand: CommandSpec = {
  names: ['replace'],
  compile(node, { ctx }) {
    const replace = node as GenericCommandNode;
    const words = [...replace.extras, ...replace.args].map((arg) => {
      if (arg.kind === 'string') return { text: arg.value, keyword: false, span: arg.span };
      if (arg.kind === 'word') return { text: arg.text, keyword: /^(with|in)$/i.test(arg.text), span: arg.span };
      throw new RunError(RunCode.invalidArgument, `'${ctx.source(arg.span)}' is not an argument the local engine understands for replace`, arg.span);
    }).filter((w) => w.text !== ',');
    const pairs: Pair[] = [];
    let i = 0;
    while (i < words.length && !(words[i].keyword && words[i].text.toLowerCase() === 'in')) {
      const [from, withWord, to] = [words[i], words[i + 1], words[i + 2]];
      if (!from || !withWord || !to || withWord.text.toLowerCase() !== 'with') {
        throw new RunError(RunCode.invalidArgument, 'replace takes <old> WITH <new> pairs, then IN <fields>', (from ?? replace).span);
      }
      const fromStars = from.text.split('*').length;
      if (to.text.split('*').length > fromStars) throw new RunError(RunCode.invalidArgument, `replace ${from.text} WITH ${to.text}: the new value has more wildcards than the old`, to.span);
      pairs.push({ pieces: from.text.split('*'), replacement: to.text });
      i += 3;
    }
    if (pairs.length === 0) throw new RunError(RunCode.notRunnable, 'replace needs <old> WITH <new>', replace.span);
    const fields = words.slice(i + 1).map((w) => w.text);
    const fieldsOf = (row: Row) => (fields.length > 0 ? matchingNames(row, fields) : row.names().filter((n) => !n.startsWith('_')));
    return streaming((row) => {
      for (const name of fieldsOf(row)) {
        const value = row.get(name);
        if (value === null) continue;
        const before = valuesOf(value);
        const after: Scalar[] = before.map((v) => replaceValue(scalarText(v), pairs));
        if (after.some((v, k) => v !== scalarText(before[k]))) row.set(name, Array.isArray(value) ? after : after[0]);
      }
      return row;
    });
  },
};
