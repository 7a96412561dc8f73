// `foreach <wc-field>... [fieldstr=] [matchstr=] [matchseg1=...] [ template ]` (SR foreach,
// mode=multifield): for each field of the row that a pattern names, the template with `<<FIELD>>`
// replaced by the field's name, `<<MATCHSTR>>` by what the wildcards matched and `<<MATCHSEG1>>`...
// by each wildcard's part, run on the row. docs/semantics.md, "foreach".
import type { ForeachCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import type { Row } from '../row';
import { compileText, subsearchBody, type Nested } from './nested';
import { wildcardCaptures } from './replace';
import { optionText, readOptions, rejectExtras, streaming, type CommandSpec, type Emit } from './types';

/** Commands a template may use: they change one row and never hold rows. */
const TEMPLATE_COMMANDS = new Set(['eval', 'rex', 'convert', 'rename']);

const SEGMENTS = ['matchseg1', 'matchseg2', 'matchseg3'];

interface FieldMatch {
  name: string;
  /** What each `*` of the pattern matched. */
  captures: string[];
}

/** Fields of the row the patterns name, in pattern order; `*` skips internal `_` fields unless the pattern starts with `_`. */
function matchFields(row: Row, patterns: Array<{ text: string; pieces: string[] }>): FieldMatch[] {
  const found: FieldMatch[] = [];
  const seen = new Set<string>();
  const names = row.names();
  for (const pattern of patterns) {
    if (!pattern.text.includes('*')) {
      if (!seen.has(pattern.text)) found.push({ name: pattern.text, captures: [] });
      seen.add(pattern.text);
      continue;
    }
    for (const name of names) {
      if (seen.has(name) || (name.startsWith('_') && !pattern.text.startsWith('_'))) continue;
      const captures = wildcardCaptures(pattern.pieces, name);
      if (!captures) continue;
      seen.add(name);
      found.push({ name, captures });
    }
  }
  return found;
}

/** Runs streaming stages on one row, synchronously; null when a stage dropped it. */
function applyTemplate(nested: Nested, row: Row): Row | null {
  let result: Row | null = null;
  const stages = nested.stages;
  const emitters: Emit[] = new Array(stages.length);
  for (let i = stages.length - 1; i >= 0; i--) {
    const next = stages[i + 1]?.stage;
    const nextEmit = emitters[i + 1];
    emitters[i] = next ? (r) => next.push(r, nextEmit) : (r) => (result = r);
  }
  stages[0].stage.push(row, emitters[0]);
  return result;
}

export const foreachCommand: CommandSpec = {
  names: ['foreach'],
  compile(node, { ctx }) {
    const foreach = node as ForeachCommandNode;
    rejectExtras(foreach);
    const options = readOptions(foreach.options, ['fieldstr', 'matchstr', 'mode', ...SEGMENTS], 'foreach');
    const token = (name: string, fallback: string) => (options.has(name) ? optionText(options.get(name)!) : fallback);
    const mode = token('mode', 'multifield').toLowerCase();
    if (mode !== 'multifield') throw new RunError(RunCode.invalidArgument, `foreach mode=${mode} is not supported by the local engine (only multifield)`, options.get('mode')!.span);
    if (!foreach.template) throw new RunError(RunCode.notRunnable, 'foreach needs a template in [ ]', foreach.span);
    if (foreach.fields.length === 0) throw new RunError(RunCode.notRunnable, 'foreach needs at least one field', foreach.span);
    const template = foreach.template;
    const body = subsearchBody(template, ctx);
    const fieldToken = token('fieldstr', '<<FIELD>>');
    const matchToken = token('matchstr', '<<MATCHSTR>>');
    const segmentTokens = SEGMENTS.map((s, i) => token(s, `<<MATCHSEG${i + 1}>>`));
    const patterns = foreach.fields.map((f) => ({ text: f.name, pieces: f.name.split('*') }));
    const compiled = new Map<string, Nested>();
    const templateFor = (match: FieldMatch): Nested => {
      const key = JSON.stringify([match.name, match.captures]);
      let nested = compiled.get(key);
      if (nested) return nested;
      let text = body.split(fieldToken).join(match.name).split(matchToken).join(match.captures.join(''));
      segmentTokens.forEach((t, i) => (text = text.split(t).join(match.captures[i] ?? '')));
      nested = compileText(`| ${text}`, ctx, 'foreach template', template.span, true);
      const other = nested.stages.find((s) => !TEMPLATE_COMMANDS.has(s.command));
      if (other) throw new RunError(RunCode.unsupportedCommand, `foreach templates run ${[...TEMPLATE_COMMANDS].join(', ')} locally, not ${other.command}`, template.span);
      compiled.set(key, nested);
      ctx.checkBuffer(compiled.size, foreach.span, 'foreach');
      return nested;
    };
    // Compiled once for an example field, so that an unsupported template fails before any event is read.
    const example = patterns[0].text;
    templateFor({ name: example.replace(/\*/g, 'x'), captures: (example.match(/\*/g) ?? []).map(() => 'x') });
    compiled.clear();
    return streaming((row) => {
      let current: Row | null = row;
      for (const match of matchFields(row, patterns)) {
        current = applyTemplate(templateFor(match), current);
        if (!current) return null;
      }
      return current;
    });
  },
};
