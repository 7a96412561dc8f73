/**
 * SPL107 eval-backslash: a Windows path in an eval string written with single backslashes. In the
 * regular expression of match() or replace() the regex engine reads `\t`, `\W`, `\S` ... as escapes;
 * in any other eval string SPL itself turns `\t`, `\n`, `\r` into control characters. Either way
 * the path never matches.
 */
import type { EvalCallNode, StringNode } from '../../spl/ast';
import type { AnyNode } from '../../spl/visit';
import type { Finding, Rule } from '../rule';
import { rawChars } from '../rawString';
import { PATH_WORD, looksLikeWindowsPath } from '../windowsPaths';

/** Eval functions and the index of their regular-expression argument. */
const REGEX_ARGUMENT: Record<string, number> = { match: 1, replace: 1 };
/** Arguments that are no plain text: regular expressions, a replacement (`\1`), a search string. */
const NOT_PLAIN_TEXT: Record<string, readonly number[]> = { match: [1], replace: [1, 2], mvfind: [1], searchmatch: [0] };
/** Escapes an eval string turns into control characters. */
const CONTROL_ESCAPE: Record<string, string> = { t: 'a tab', n: 'a line feed', r: 'a carriage return' };

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
      control:
        'In the eval string {{value}}, `\\{{letter}}` is {{meaning}}, not a backslash followed by "{{letter}}": SPL reads it ' +
        'as an escape, so the path {{path}} never matches. Write each backslash of the path as \\\\.',
      underscore:
        'In the regular expression of {{function}}(), `\\_` is just "_" (the backslash is gone after SPL and the regex ' +
        'unescape it): {{value}} matches "{{around}}" without a backslash. If a backslash was meant (a path such as ' +
        '\\__output), write \\\\\\\\_ in the SPL string.',
    },
    doc: {
      what:
        'A Windows path written with single backslashes in an eval string (`eval`, `where`, `eval(...)` in stats, every ' +
        'function argument): as the regular expression of `match()` or `replace()`, a single backslash (after SPL\'s own ' +
        'unescaping) before a folder name such as `Windows`, `System32`, `Users`, `Temp`, `ProgramData`, `AppData` ' +
        '(`match(process, "C:\\\\Windows\\\\Temp")`); anywhere else, `\\t`, `\\n` or `\\r` in a string that reads as a ' +
        'path (a drive `C:\\`, `%windir%\\`, a UNC prefix or a folder name after a backslash): `eval p="C:\\temp\\new"`.',
      why:
        'An eval string goes through SPL\'s own unescaping: the Search Manual ("Types of expressions", string literals) ' +
        'shows `"C:\\\\windows\\temp"` giving `C:\\windows` followed by a tab and `emp`: "The \\t in the path is interpreted ' +
        'as a tab. To avoid this you must escape the backslash." `\\n` and `\\r`, the other C-style control escapes, are ' +
        'reported the same way (the manual shows only `\\t`; the fix is right either way, since `\\\\` is one backslash ' +
        'whatever follows); a backslash before any other letter stays (`"C:\\Windows"` is `C:\\Windows`). A path ' +
        'compared with `=`, listed in `in()` or used in like() then never matches. A regular expression is unescaped twice: ' +
        'SPL first turns `\\\\` into `\\`, then the regular expression engine (PCRE) reads what is left, so ' +
        '`"C:\\\\Windows\\\\temp"` becomes `C:\\Windows\\temp`, in which PCRE reads `\\W` as "a non-word character" and `\\t` ' +
        'as a tab. The Search Manual ("SPL and regular expressions", "Backslash characters in regular expressions") says: ' +
        '"You must escape both backslash characters in the file path by specifying 4 consecutive backslashes".',
      example:
        '```spl\n... | where match(process_path, "(?i)C:\\\\Windows\\\\Temp\\\\.*\\.exe")\n... | eval dropped=if(file_path=="C:\\temp\\new.exe", 1, 0)\n```',
      useInstead:
        '```spl\n... | where match(process_path, "(?i)C:\\\\\\\\Windows\\\\\\\\Temp\\\\\\\\.*\\.exe")\n... | eval dropped=if(file_path=="C:\\\\temp\\\\new.exe", 1, 0)\n```\n' +
        'In a regular expression the quick fix writes each backslash of the path as four; keep regex escapes such as `\\.`, ' +
        '`\\d` or `\\s` as they are. In any other eval string it doubles every single backslash: `\\\\` is one backslash ' +
        'whatever follows, so the text stays the same except that `\\t`, `\\n`, `\\r` become the backslash and letter meant. ' +
        'A string with a control escape that does not read as a path (`mvjoin(values, "\\n")`) is not reported.',
    },
  },
  create(context) {
    return {
      string(node: StringNode) {
        if (!isPlainEvalText(node, context.ancestors())) return;
        const finding = controlEscape(node);
        if (finding) context.report(finding);
      },
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

/** A string of an eval expression read as text: not a regex, a replacement or a search string. */
function isPlainEvalText(node: StringNode, ancestors: readonly AnyNode[]): boolean {
  const parent = ancestors[ancestors.length - 1];
  if (!parent || !parent.kind.startsWith('eval')) return false;
  if (parent.kind !== 'evalCall') return true;
  const skipped = NOT_PLAIN_TEXT[parent.name.toLowerCase()] ?? [];
  return !skipped.some((index) => parent.args[index] === node);
}

/** `\t`, `\n` or `\r` written with one backslash in a string that reads as a Windows path. */
function controlEscape(node: StringNode): Finding | undefined {
  const chars = rawChars(node);
  const singles = chars.filter((c) => c.char === '\\' && c.end - c.start === 1);
  const control = singles.find((c) => CONTROL_ESCAPE[node.raw[c.end]] !== undefined);
  if (!control || !looksLikeWindowsPath(node.value)) return undefined;
  const letter = node.raw[control.end];
  const at = node.value.indexOf(`\\${letter}`);
  const wordEnd = node.value.slice(at + 1).search(/[^A-Za-z0-9.]|$/);
  return {
    span: node.span,
    messageId: 'control',
    data: { value: node.raw, letter, meaning: CONTROL_ESCAPE[letter], path: node.value.slice(Math.max(0, at - 2), at + 1 + wordEnd) },
    fix: {
      title: 'Write every backslash as \\\\',
      edits: singles.map((c) => ({ span: { start: node.span.start + c.start, end: node.span.start + c.end }, newText: '\\\\' })),
    },
  };
}
