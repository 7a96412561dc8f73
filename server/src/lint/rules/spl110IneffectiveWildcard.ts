/**
 * SPL110 ineffective-wildcard: wildcards in a search expression that do nothing (`**` is `*`) or
 * cannot do what they look like (`\*` is no literal asterisk: a search cannot match one).
 */
import type { SearchCompareNode, SearchInNode, SearchTermNode, StringNode, WordNode } from '../../spl/ast';
import type { Finding, Rule } from '../rule';
import { isSearchValue } from '../searchValues';
import { pathWordEndsAt } from '../windowsPaths';

export const ineffectiveWildcard: Rule = {
  meta: {
    id: 'SPL110',
    name: 'ineffective-wildcard',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      doubled:
        '{{run}} in {{value}} matches exactly what one `*` matches. If a literal asterisk was meant: a search cannot match ' +
        'one (a backslash does not escape `*`); filter after the search with like() or match().',
      escaped:
        '`\\*` in {{value}} is no literal asterisk: a backslash cannot escape `*` in a search (Search Manual, "Backslashes"), ' +
        'so the `*` stays a wildcard. To match a literal `*`, filter after the search: {{instead}}.',
      pathStar:
        '`\\*` in {{value}}: a backslash cannot escape `*` in a search, so the `*` is a wildcard after a backslash, which is ' +
        'what a path needs. Write `\\\\*` so it reads that way.',
    },
    doc: {
      what:
        'In a search expression (`search`, the first command, `tstats`/`from ... where`, `IN (...)`, raw terms): two or ' +
        'more `*` in a row (`"*\\!**"`, information, with a fix that keeps one), and a `*` right after a backslash that is ' +
        'not itself escaped (`"a\\*b"`): a warning that search cannot match a literal asterisk, or, after the end of a path ' +
        'segment (`"system32\\*"`), a hint to write the backslash as `\\\\`.',
      why:
        'In a search, `*` matches any run of characters, so `**` matches what `*` matches: the extra asterisk does nothing, ' +
        'and usually shows that a literal asterisk was meant (`Processes.process="**/**"` for `setspn -q */*` matches every ' +
        'command line with a `/`). A search has no way to match a literal `*`: the Search Manual ("Backslashes", Search ' +
        'primer) says "SPL uses the asterisk ( * ) as a wildcard character. The backslash symbol can\'t be used to escape the ' +
        'asterisk in search strings." Sigma\'s `\\*` therefore has no SPL equivalent in a search; eval can: in like() `*` is an ' +
        'ordinary character (its wildcards are `%` and `_`), and in match() a regular expression writes it `\\\\*`.',
      example: '```spl\nindex=win Processes.process="**/**"\nindex=win CommandLine="*select \\* from*"\n```',
      useInstead:
        '```spl\nindex=win CommandLine="*select*from*" | where like(CommandLine, "%select * from%")\n```\n' +
        'The quick fix collapses a run of `*` into one (the search matches the same) and, after a path segment, writes `\\*` ' +
        'as `\\\\*` (the value stays the same). A `\\*` meant as a literal asterisk has no fix: keep a wildcard in the search ' +
        'to find the events, then test the asterisk with like() or match().',
    },
  },
  create(context) {
    const check = (node: WordNode | StringNode, field?: string) => {
      for (const finding of checkValue(node, field)) context.report(finding);
    };
    return {
      searchCompare(node: SearchCompareNode) {
        if (isSearchValue(node.value)) check(node.value, node.field.name);
      },
      searchIn(node: SearchInNode) {
        for (const value of node.values) if (isSearchValue(value)) check(value, node.field.name);
      },
      searchTerm(node: SearchTermNode) {
        check(node.term);
      },
    };
  },
};

function checkValue(node: WordNode | StringNode, field: string | undefined): Finding[] {
  const raw = node.kind === 'word' ? node.text : node.raw;
  const from = node.kind === 'word' ? 0 : 1;
  const to = node.kind === 'string' && node.terminated ? raw.length - 1 : raw.length;
  const findings: Finding[] = [];
  const doubled: { start: number; end: number }[] = [];
  for (let i = from; i < to; i++) {
    if (raw[i] === '\\') {
      // One finding per value says it; a second `\*` adds nothing.
      if (raw[i + 1] === '*' && findings.length === 0) findings.push(escapedStar(node, raw, i, field));
      i++;
      continue;
    }
    if (raw[i] !== '*') continue;
    let end = i + 1;
    while (end < to && raw[end] === '*') end++;
    if (end - i > 1) doubled.push({ start: i, end });
    i = end - 1;
  }
  if (doubled.length > 0) {
    const base = node.span.start;
    findings.unshift({
      span: node.span,
      messageId: 'doubled',
      severity: 'information',
      data: { run: `\`${raw.slice(doubled[0].start, doubled[0].end)}\``, value: raw },
      fix: {
        title: 'Keep one `*`',
        edits: doubled.map((run) => ({ span: { start: base + run.start + 1, end: base + run.end }, newText: '' })),
      },
    });
  }
  return findings;
}

/** `\*` at `at`: after the end of a path segment a backslash before anything was meant; elsewhere a literal `*`. */
function escapedStar(node: WordNode | StringNode, raw: string, at: number, field: string | undefined): Finding {
  // A separator elsewhere in the value (`\\Windows`, `\System32`) or a folder name right before it.
  const separators = /\\[A-Za-z0-9$%]/.test(raw);
  if (/[A-Za-z0-9$_.%)-]/.test(raw[at - 1] ?? '') && (separators || pathWordEndsAt(raw, at))) {
    return {
      span: node.span,
      messageId: 'pathStar',
      severity: 'hint',
      data: { value: raw },
      fix: { title: 'Write the backslash as \\\\', edits: [{ span: { start: node.span.start + at, end: node.span.start + at + 1 }, newText: '\\\\' }] },
    };
  }
  const literal = raw.slice(node.kind === 'word' ? 0 : 1, node.kind === 'string' && node.terminated ? -1 : undefined);
  const pattern = literal.replace(/\\\*|\*/g, (star) => (star === '*' ? '%' : '*')).replace(/"/g, '\\"');
  const instead = field ? `\`| where like(${field}, "${pattern}")\`` : '`| where match(_raw, ...)` with `\\\\*` for the asterisk';
  return { span: node.span, messageId: 'escaped', data: { value: raw, instead } };
}
