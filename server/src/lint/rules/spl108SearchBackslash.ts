/**
 * SPL108 search-backslash: backslashes in a quoted search value written inconsistently. Search strings
 * turn `\\` into `\` and keep unknown escapes such as `\W` as written, so `"C:\\Windows\Temp"` works,
 * by luck, and `"\\server\share"` loses a backslash of its UNC prefix.
 */
import type { SearchCompareNode, SearchInNode, SearchTermNode, StringNode } from '../../spl/ast';
import type { Finding, Rule } from '../rule';
import { isSearchValue, type SearchValueNode } from '../searchValues';

export const searchBackslash: Rule = {
  meta: {
    id: 'SPL108',
    name: 'search-backslash',
    defaultSeverity: 'hint',
    fixable: true,
    messages: {
      mixed:
        '{{value}} writes some backslashes as \\\\ and others as \\: both mean one backslash here (an unknown escape such as ' +
        '\\{{letter}} is kept as written), so this works, but it reads as if they differed. Write every backslash as \\\\.',
      unc:
        '{{value}} starts with \\\\, which the search reads as ONE backslash: the value is "{{decoded}}". For a UNC path ' +
        '(\\\\server\\share) write \\\\\\\\ at the start.',
      triple:
        '{{value}} has three backslashes in a row: the search reads them as two (\\\\ then \\{{next}}). Write \\\\\\\\ for two ' +
        'backslashes or \\\\ for one.',
    },
    doc: {
      what:
        'A double-quoted value in a search expression (`search`, `tstats ... where`, `IN (...)`) whose backslashes are ' +
        'written inconsistently: some doubled and some single (`"*\\\\Windows\\Temp\\\\*"`, a hint with a fix), a ' +
        'value that starts with `\\\\` followed by a name while other separators are single (`"\\\\server\\share"`, ' +
        'information: the UNC prefix lost a backslash), or three backslashes in a row (information).',
      why:
        'In a search string `\\\\` is an escape for one backslash and `\\"` for a quote; a backslash before any other ' +
        'character is kept as written. The Search Manual ("Search command primer", "File paths") asks to escape every ' +
        'backslash of a path: "To search for a file path, such as D:\\Digital\\RTFM, you must escape the backslash characters ' +
        'in the path, for example D:\\\\Digital\\\\RTFM." A value that mixes both forms works only because `\\W` or `\\T` ' +
        'happen not to be escapes; the next reader cannot tell which backslashes were meant, and the same text pasted into ' +
        'a regular expression (SPL107) or an eval string behaves differently. A UNC path written `"\\\\server\\share"` is ' +
        '`\\server\\share` after unescaping: the leading double backslash became one.',
      example: '```spl\nindex=win TargetObject="*\\\\CurrentControlSet\\Control\\Session Manager"\nindex=win ShareName="\\\\fileserver\\c$"\n```',
      useInstead:
        '```spl\nindex=win TargetObject="*\\\\CurrentControlSet\\\\Control\\\\Session Manager"\nindex=win ShareName="\\\\\\\\fileserver\\\\c$"\n```\n' +
        'The quick fix doubles the single backslashes of a mixed value (the value stays the same). A value written with ' +
        'single backslashes only (`"C:\\Windows\\Temp"`) is not reported: it is consistent and Splunk keeps the backslashes.',
    },
  },
  create(context) {
    const check = (node: SearchValueNode | null) => {
      if (node?.kind !== 'string') return;
      const finding = checkString(node);
      if (finding) context.report(finding);
    };
    return {
      searchCompare(node: SearchCompareNode) {
        if (isSearchValue(node.value)) check(node.value);
      },
      searchIn(node: SearchInNode) {
        for (const value of node.values) if (isSearchValue(value)) check(value);
      },
      searchTerm(node: SearchTermNode) {
        check(node.term);
      },
    };
  },
};

function checkString(node: StringNode): Finding | undefined {
  const inner = node.raw.slice(1, node.terminated ? -1 : undefined);
  // Runs of backslashes, except the one escaping a quote.
  const runs = [...inner.matchAll(/\\+/g)]
    .map((m) => ({ at: m.index!, length: m[0].length, next: inner[m.index! + m[0].length] ?? '' }))
    .filter((r) => !(r.length % 2 === 1 && r.next === '"'));
  if (runs.length === 0) return undefined;
  const shown = node.raw;
  const triple = runs.find((r) => r.length === 3);
  if (triple) return { span: node.span, messageId: 'triple', severity: 'information', data: { value: shown, next: triple.next } };
  const singles = runs.filter((r) => r.length === 1);
  const doubles = runs.filter((r) => r.length === 2);
  if (singles.length === 0 || doubles.length === 0) return undefined;
  // Single separators elsewhere show the author writes one backslash as `\`: a leading `\\` is a UNC prefix.
  if (/^\\\\[A-Za-z0-9]/.test(inner)) {
    return { span: node.span, messageId: 'unc', severity: 'information', data: { value: shown, decoded: node.value } };
  }
  const base = node.span.start + 1;
  return {
    span: node.span,
    messageId: 'mixed',
    data: { value: shown, letter: singles[0].next },
    fix: {
      title: 'Write every backslash as \\\\',
      edits: singles.map((r) => ({ span: { start: base + r.at, end: base + r.at + 1 }, newText: '\\\\' })),
    },
  };
}
