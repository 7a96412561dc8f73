/**
 * SPL107 eval-backslash: a Windows path in the regular expression of match() or replace() written with
 * single backslashes: the regex engine reads `\t`, `\W`, `\S` ... as escapes, so the path never matches.
 */
import type { EvalCallNode, StringNode } from '../../spl/ast';
import type { Finding, Rule } from '../rule';
import { rawChars } from '../rawString';
import { PATH_WORD } from '../windowsPaths';

/** Eval functions and the index of their regular-expression argument. */
const REGEX_ARGUMENT: Record<string, number> = { match: 1, replace: 1 };


const ESCAPE_MEANING: Record<string, string> = {
  t: 'a tab', n: 'a line feed', r: 'a carriage return', f: 'a form feed', v: 'a vertical white space', e: 'an escape character',
  a: 'a bell character', b: 'a word boundary', B: 'a non-boundary', d: 'a digit', D: 'a non-digit', s: 'a white space',
  S: 'a non-space character', w: 'a word character', W: 'a non-word character', h: 'a horizontal white space',
  H: 'a non-horizontal-space character', R: 'a line break', N: 'a non-newline character', p: 'a Unicode property', P: 'a Unicode property',
};

export const evalBackslash: Rule = {
  meta: {
    id: 'SPL107',
    name: 'eval-backslash',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      path:
        'In the regular expression of {{function}}(), `\\{{letter}}` in {{path}} is {{meaning}}, not a backslash followed by ' +
        '"{{letter}}": the path cannot match. Write each backslash of the path as \\\\\\\\ in the SPL string (the regex then sees \\\\).',
      underscore:
        'In the regular expression of {{function}}(), `\\_` is just "_" (the backslash is gone after SPL and the regex ' +
        'unescape it): {{value}} matches "{{around}}" without a backslash. If a backslash was meant (a path such as ' +
        '\\__output), write \\\\\\\\_ in the SPL string.',
    },
    doc: {
      what:
        'A double-quoted string used as the regular expression of `match()` or `replace()` in `eval`/`where` that holds a ' +
        'Windows path with a single backslash (after SPL\'s own unescaping) before a folder name such as `Windows`, ' +
        '`System32`, `Users`, `Temp`, `ProgramData`, `AppData`: `match(process, "C:\\\\Windows\\\\Temp")`.',
      why:
        'The string goes through two unescaping steps. SPL first turns `\\\\` into `\\` (and `\\"` into `"`); the regular ' +
        'expression engine (PCRE) then reads what is left. After the first step `"C:\\\\Windows\\\\temp"` is ' +
        '`C:\\Windows\\temp`, in which PCRE reads `\\W` as "a non-word character" and `\\t` as a tab: the path silently ' +
        'stops matching. The Search Manual ("SPL and regular expressions", "Backslash characters in regular expressions") ' +
        'describes exactly this: "In searches that include a regular expression that contains a double backslash, like the ' +
        'file path `c:\\\\temp`, the search interprets the first backslash as a regular expression escape character. The file ' +
        'path is interpreted as `c:\\temp`, because one of the backslashes is removed. You must escape both backslash ' +
        'characters in the file path by specifying 4 consecutive backslashes". Outside regular expressions an eval string ' +
        'keeps unknown escapes as written (`"C:\\Windows"` compared with `=` is the text `C:\\Windows`), so only regex ' +
        'arguments are reported.',
      example: '```spl\n... | where match(process_path, "(?i)C:\\\\Windows\\\\Temp\\\\.*\\.exe")\n```',
      useInstead:
        '```spl\n... | where match(process_path, "(?i)C:\\\\\\\\Windows\\\\\\\\Temp\\\\\\\\.*\\.exe")\n```\n' +
        'The quick fix writes each backslash of the path as four. Keep regex escapes such as `\\.`, `\\d` or `\\s` as they are; ' +
        'only the backslashes that separate folders need doubling.',
    },
  },
  create(context) {
    return {
      evalCall(node: EvalCallNode) {
        const index = REGEX_ARGUMENT[node.name.toLowerCase()];
        const pattern = index === undefined ? undefined : node.args[index];
        if (pattern?.kind !== 'string') return;
        const finding = check(pattern, node.name);
        if (finding) context.report(finding);
      },
    };
  },
};

function check(node: StringNode, functionName: string): Finding | undefined {
  const chars = rawChars(node);
  const value = chars.map((c) => c.char).join('');
  const separators: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '\\') continue;
    if (value[i + 1] === '\\') {
      i++; // `\\` in the regex: a literal backslash, already right.
      continue;
    }
    if (PATH_WORD.test(value.slice(i + 1))) separators.push(i);
  }
  if (separators.length === 0) return underscoreEscape(node, value, functionName);
  const first = separators[0];
  const letter = value[first + 1];
  const wordEnd = value.slice(first + 1).search(/[^A-Za-z0-9]|$/);
  const edits = separators.map((i) => ({
    span: { start: node.span.start + chars[i].start, end: node.span.start + chars[i].end },
    newText: '\\\\\\\\',
  }));
  return {
    span: node.span,
    messageId: 'path',
    data: {
      function: functionName,
      letter,
      meaning: ESCAPE_MEANING[letter] ?? 'an escape the regex engine reads specially or rejects',
      path: value.slice(Math.max(0, first - 2), first + 1 + wordEnd),
    },
    fix: { title: 'Write the path backslashes as \\\\\\\\', edits },
  };
}

/**
 * `\_` in a regex is a plain underscore. Written in SPL as `\\_` (the way a path separator before `__output`
 * is written outside regexes) it usually meant a backslash: information, no fix (it may be mere over-escaping).
 */
function underscoreEscape(node: StringNode, value: string, functionName: string): Finding | undefined {
  const at = value.search(/(?<!\\)\\_/);
  if (at < 0) return undefined;
  return {
    span: node.span,
    messageId: 'underscore',
    severity: 'information',
    data: { function: functionName, value: node.raw, around: value.slice(at + 1, at + 12).replace(/[^\w.$-].*$/, '') },
  };
}
