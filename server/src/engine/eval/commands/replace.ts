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
  pattern: RegExp;
  replacement: string;
}

function compilePair(from: string, to: string): Pair {
  const pieces = from.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { pattern: new RegExp(`^${pieces.join('(.*?)')}$`, 's'), replacement: to };
}

function replaceValue(value: string, pairs: Pair[]): string {
  for (const { pattern, replacement } of pairs) {
    const m = pattern.exec(value);
    if (!m) continue;
    let group = 1;
    return replacement.replace(/\*/g, () => m[group++] ?? '');
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
      pairs.push(compilePair(from.text, to.text));
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
