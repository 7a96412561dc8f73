// mvexpand and makemv (SR mvexpand, makemv; docs/semantics.md, "mvexpand and makemv").
import type { SingleFieldCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import type { Row } from '../row';
import { textOf, valuesOf } from '../values';
import { optionText, parseCount, readOptions, rejectExtras, streaming, type CommandSpec } from './types';

function fieldOf(node: SingleFieldCommandNode, command: string): string {
  if (!node.field) throw new RunError(RunCode.notRunnable, `${command} needs a field`, node.span);
  if (node.field.name.includes('*')) throw new RunError(RunCode.invalidArgument, `${command} takes one field name, not a wildcard`, node.field.span);
  return node.field.name;
}

/** `mvexpand field [limit=N]`: one row per value (the first N); a row without the field is dropped. */
export const mvexpandCommand: CommandSpec = {
  names: ['mvexpand'],
  compile(node) {
    const mvexpand = node as SingleFieldCommandNode;
    rejectExtras(mvexpand);
    const options = readOptions(mvexpand.options, ['limit'], 'mvexpand');
    const limitOption = options.get('limit');
    const limit = limitOption ? parseCount(optionText(limitOption), limitOption.span, 'limit') : 0;
    const field = fieldOf(mvexpand, 'mvexpand');
    return {
      push(row, emit) {
        const values = valuesOf(row.get(field));
        const taken = limit > 0 ? values.slice(0, limit) : values;
        taken.forEach((value, i) => {
          const out: Row = i === taken.length - 1 ? row : row.materialize();
          out.set(field, value);
          emit(out);
        });
      },
      finish() {},
    };
  },
};

/**
 * `makemv [delim=" "] [tokenizer=regex] [allowempty=false] field`: splits the field's text on the
 * delimiter, or takes each match of the tokenizer (its first group when it has one).
 */
export const makemvCommand: CommandSpec = {
  names: ['makemv'],
  compile(node, { ctx }) {
    const makemv = node as SingleFieldCommandNode;
    rejectExtras(makemv);
    const options = readOptions(makemv.options, ['delim', 'tokenizer', 'allowempty', 'setsv'], 'makemv');
    const text = (name: string) => (options.has(name) ? optionText(options.get(name)!) : undefined);
    if (/^(true|t|1|yes)$/i.test(text('setsv') ?? '')) throw new RunError(RunCode.invalidArgument, 'makemv setsv=true is not supported by the local engine', options.get('setsv')!.span);
    const allowEmpty = /^(true|t|1|yes)$/i.test(text('allowempty') ?? '');
    const field = fieldOf(makemv, 'makemv');
    const tokenizer = text('tokenizer');
    let split: (value: string) => string[];
    if (tokenizer !== undefined) {
      const outcome = ctx.regexes.get(tokenizer);
      if (!outcome.ok) throw new RunError(RunCode.unsupportedRegex, outcome.message, options.get('tokenizer')!.span);
      const regex = outcome.regex;
      split = (value) => {
        const matcher = regex.re.matcher(value);
        const tokens: string[] = [];
        let from = 0;
        while (from <= value.length && matcher.find(from)) {
          tokens.push((regex.re.groupCount() > 0 ? matcher.group(1) : matcher.group(0)) ?? '');
          from = matcher.end() === matcher.start() ? matcher.end() + 1 : matcher.end();
        }
        return tokens;
      };
    } else {
      const delim = text('delim') ?? ' ';
      if (delim === '') throw new RunError(RunCode.invalidArgument, 'makemv delim= must not be empty', options.get('delim')!.span);
      split = (value) => value.split(delim);
    }
    return streaming((row) => {
      const value = textOf(row.get(field));
      if (value === undefined) return row;
      const parts = split(value).filter((p) => allowEmpty || p !== '');
      row.set(field, parts.length === 0 ? null : parts.length === 1 ? parts[0] : parts);
      return row;
    });
  },
};
