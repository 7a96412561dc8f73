import type { RegexCommandNode, RexCommandNode } from '../../../spl/ast';
import type { RunContext } from '../context';
import { RunCode, RunError } from '../errors';
import { regexCaptures, regexReplace, regexTest, type CompiledRegex } from '../regex';
import { isNull, mv, scalarText, valuesOf, type Scalar } from '../values';
import { filtersOn } from '../keyFilter';
import { optionText, parseCount, readOptions, rejectExtras, streaming, type CommandSpec } from './types';
import type { Span } from '../../../text/span';

function compileAt(ctx: RunContext, pattern: string, span: Span): CompiledRegex {
  const outcome = ctx.regexes.get(pattern);
  if (!outcome.ok) throw new RunError(RunCode.unsupportedRegex, outcome.message, span);
  return outcome.regex;
}

/** `s/regex/replacement/[g|N]` of rex mode=sed; `\N` in the replacement is group N. */
function parseSed(text: string, span: Span): { pattern: string; replacement: string; global: boolean } {
  const m = /^s(.)/.exec(text);
  if (!m) throw new RunError(RunCode.invalidArgument, `rex mode=sed supports s/regex/replacement/flags only; got ${JSON.stringify(text)}`, span);
  const delimiter = m[1];
  const parts: string[] = [];
  let current = '';
  for (let i = 2; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === delimiter) {
      current += delimiter;
      i++;
    } else if (text[i] === delimiter) {
      parts.push(current);
      current = '';
    } else current += text[i];
  }
  parts.push(current);
  if (parts.length !== 3 || !/^g?$/.test(parts[2])) throw new RunError(RunCode.invalidArgument, `rex mode=sed: cannot read ${JSON.stringify(text)} (flags other than g are not supported)`, span);
  return { pattern: parts[0], replacement: parts[1], global: parts[2] === 'g' };
}

/** `rex [field=_raw] [max_match=1] [mode=sed] "regex"`: named groups become fields. */
export const rexCommand: CommandSpec = {
  names: ['rex'],
  compile(node, { ctx }) {
    const rex = node as RexCommandNode;
    rejectExtras(rex);
    const options = readOptions(rex.options, ['field', 'max_match', 'mode'], 'rex');
    if (!rex.regex) throw new RunError(RunCode.notRunnable, 'rex needs a regular expression', rex.span);
    const fieldOption = options.get('field');
    const field = fieldOption ? optionText(fieldOption) : '_raw';
    const maxOption = options.get('max_match');
    const maxMatch = maxOption ? parseCount(optionText(maxOption), maxOption.span, 'max_match') : 1;
    const modeOption = options.get('mode');
    if (modeOption && optionText(modeOption).toLowerCase() === 'sed') {
      const sed = parseSed(rex.regex.value, rex.regex.span);
      const regex = compileAt(ctx, sed.pattern, rex.regex.span);
      return streaming((row) => {
        const value = row.get(field);
        if (isNull(value)) return row;
        const edit = (v: Scalar) => (sed.global ? regexReplace(regex, scalarText(v), sed.replacement) : replaceFirst(regex, scalarText(v), sed.replacement));
        row.set(field, Array.isArray(value) ? mv(value.map(edit)) : edit(value));
        return row;
      });
    }
    const regex = compileAt(ctx, rex.regex.value, rex.regex.span);
    return streaming((row) => {
      const values = valuesOf(row.get(field));
      const found = new Map<string, Scalar[]>();
      for (const value of values) {
        for (const groups of regexCaptures(regex, scalarText(value), maxMatch)) {
          for (const [name, text] of groups) {
            const list = found.get(name) ?? [];
            list.push(text);
            found.set(name, list);
          }
        }
      }
      for (const [name, list] of found) row.set(name, list.length === 1 ? list[0] : list);
      return row;
    });
  },
};

function replaceFirst(regex: CompiledRegex, text: string, replacement: string): string {
  const matcher = regex.re.matcher(text);
  if (!matcher.find()) return text;
  const by = replacement.replace(/\\(\d|\\)/g, (_, what: string) => (what === '\\' ? '\\' : (matcher.group(Number(what)) ?? '')));
  return text.slice(0, matcher.start()) + by + text.slice(matcher.end());
}

/** `regex [field=|field!=]"regex"`: keeps rows whose field (default _raw) matches, or does not. */
export const regexCommand: CommandSpec = {
  names: ['regex'],
  compile(node, { ctx }) {
    const command = node as RegexCommandNode;
    rejectExtras(command);
    if (!command.regex) throw new RunError(RunCode.notRunnable, 'regex needs a regular expression', command.span);
    const pattern = command.regex.kind === 'string' ? command.regex.value : command.regex.text;
    const regex = compileAt(ctx, pattern, command.regex.span);
    const field = command.field?.name ?? '_raw';
    const negate = command.operator === '!=';
    return streaming(
      (row) => {
        const values = valuesOf(row.get(field));
        const matched = values.some((v) => regexTest(regex, scalarText(v)));
        return matched !== negate ? row : null;
      },
      (origins, present) => filtersOn(origins, [field], present),
    );
  },
};
