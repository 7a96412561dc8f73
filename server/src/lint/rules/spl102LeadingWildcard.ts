/**
 * SPL102 leading-wildcard: a search term or field value that starts with `*` cannot use the index's
 * term list, so Splunk reads every event the rest of the search selects and tests the pattern on each.
 */
import type { SearchCompareNode, SearchInNode, SearchTermNode } from '../../spl/ast';
import type { Severity } from '../../text/diagnostic';
import type { Rule, RuleContext } from '../rule';
import { isSearchValue, searchPlace, searchValue, type SearchValueNode } from '../searchValues';
import { isOnlyWildcards } from '../wildcards';

export const leadingWildcard: Rule = {
  meta: {
    id: 'SPL102',
    name: 'leading-wildcard',
    defaultSeverity: 'information',
    fixable: false,
    messages: {
      term: 'The term {{value}} starts with `*`: Splunk cannot look it up in the index and tests it on every event the rest of the search selects.',
      value: '{{field}}={{value}} starts with `*`: Splunk cannot look the value up in the index and tests it on every event the rest of the search selects.',
      list: '{{count}} value(s) of {{field}} IN (...) start with `*` (first: {{value}}): Splunk cannot look them up in the index and tests them on every event the rest of the search selects.',
      tstats: '{{value}} starts with `*`: tstats tests it against every {{field}} value in the summaries (cheaper than raw events, still a scan).',
    },
    doc: {
      what:
        'A raw search term, a `field=value` or a value of `field IN (...)` that starts with `*` (but is not just `*`), ' +
        'in the command that reads events: the first command of the search (or of a subsearch), `from`, or a ' +
        '`tstats`/`mstats` `where` clause (reported as a hint there). `field=*` (the field exists) is not reported, ' +
        'and neither are later `| search` commands, which filter results already in memory.',
      why:
        'Splunk finds events through the terms in its index. A term with a leading wildcard has no prefix to look up, so ' +
        'Splunk has to read every event that the other conditions select and test the pattern on each. The Search Manual ' +
        '("Wildcards", "Best practices for using wildcards") says: "The best way to use a wildcard is at the end of a term", ' +
        'and that searching for `fail*` is better than `*fail` or `*fail*`. On accelerated data models (`tstats`) the test ' +
        'runs over the summaries instead of raw events: cheaper, but still a scan of every value of the field.',
      example: '```spl\nindex=win sourcetype=XmlWinEventLog process_name="*powershell.exe"\n```',
      useInstead:
        '```spl\nindex=win sourcetype=XmlWinEventLog process_name="powershell.exe"\n```\n' +
        'Compare a field whose value is exactly known (`process_name` rather than the full `process` path), or add terms ' +
        'that the index can look up (`index`, `sourcetype`, `EventCode`) so that fewer events reach the wildcard test. ' +
        'When a leading wildcard is really needed (a substring of a command line), keep it and silence the rule for the ' +
        'search with ```` ```spl-detect-disable SPL102``` ````.',
    },
  },
  create(context) {
    return {
      searchTerm(node: SearchTermNode) {
        const severity = severityHere(context);
        if (!severity || !startsWithWildcard(node.term)) return;
        report(context, severity, node.term, 'term');
      },
      searchCompare(node: SearchCompareNode) {
        const severity = severityHere(context);
        if (!severity || (node.operator !== '=' && node.operator !== '!=') || !isSearchValue(node.value)) return;
        if (!startsWithWildcard(node.value)) return;
        report(context, severity, node.value, 'value', node.field.name);
      },
      searchIn(node: SearchInNode) {
        const severity = severityHere(context);
        if (!severity) return;
        const leading = node.values.filter(isSearchValue).filter(startsWithWildcard);
        if (leading.length === 0) return;
        const span = { start: leading[0].span.start, end: leading[leading.length - 1].span.end };
        const messageId = severity === 'hint' ? 'tstats' : 'list';
        context.report({
          span,
          messageId,
          severity,
          data: { field: node.field.name, value: leading[0].kind === 'string' ? leading[0].raw : leading[0].text, count: leading.length },
        });
      },
    };
  },
};

function startsWithWildcard(node: SearchValueNode): boolean {
  const value = searchValue(node);
  return value.startsWith('*') && !isOnlyWildcards(value);
}

/** Information where events are read from the index, a hint in tstats, nothing elsewhere. */
function severityHere(context: RuleContext): Severity | undefined {
  const place = searchPlace(context.command(), context.commandIndex());
  if (place === 'index') return 'information';
  if (place === 'tstats') return 'hint';
  return undefined;
}

function report(context: RuleContext, severity: Severity, node: SearchValueNode, kind: 'term' | 'value', field = ''): void {
  const value = node.kind === 'string' ? node.raw : node.text;
  context.report({ span: node.span, messageId: severity === 'hint' ? 'tstats' : kind, severity, data: { value, field } });
}
