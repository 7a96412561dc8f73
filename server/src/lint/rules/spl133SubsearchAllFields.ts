/**
 * SPL133 subsearch-all-fields: a subsearch used as a search filter (`search [ ... ]`, `NOT [ ... ]`,
 * `tstats ... where [ ... ]`) that never narrows its output to the fields to match. Splunk turns each
 * row into an AND of every field it has, so rows of raw events (host, source, every extracted field)
 * rarely match anything.
 */
import type { AnyNode } from '../../spl/visit';
import type { CommandNode, SubsearchNode } from '../../spl/ast';
import type { Rule } from '../rule';

/** Commands whose output has only the fields they name or compute (or a lookup table's columns). */
const NARROWING = new Set(['table', 'return', 'format', 'stats', 'tstats', 'mstats', 'chart', 'timechart', 'top', 'rare', 'inputlookup', 'makeresults', 'from']);

/** Where a subsearch is a filter: as a term of a search expression. */
const FILTER_PARENTS = new Set(['searchAnd', 'searchOr', 'searchNot', 'searchGroup', 'search', 'tstats', 'from', 'inputlookup']);

function narrows(stage: CommandNode): boolean {
  if (stage.kind === 'fields') return stage.mode !== '-';
  if (stage.kind === 'macroCommand') return true; // unexpanded: it may narrow, nothing is known
  return NARROWING.has(stage.name.toLowerCase());
}

export const subsearchAllFields: Rule = {
  meta: {
    id: 'SPL133',
    name: 'subsearch-all-fields',
    defaultSeverity: 'warning',
    fixable: false,
    messages: {
      allFields:
        'This subsearch filters the search with every field of its rows: Splunk writes each row as ( field1="..." AND ' +
        'field2="..." ... ) with host, source, sourcetype and every extracted field, which rarely matches. End it with ' +
        '`| fields <the fields to match>`, `| table ...` or `| return ...`.',
    },
    doc: {
      what:
        'A subsearch standing as a term of a search expression (`search [ ... ]`, `NOT [ ... ]`, `tstats ... where [ ... ]`) ' +
        'none of whose commands narrows its output to chosen fields: no `fields` (other than `fields -`), `table`, `return`, ' +
        '`format`, no reporting command (`stats`, `tstats`, `chart`, `timechart`, `top`, `rare`) and no `inputlookup` or ' +
        '`makeresults` rows. Subsearches of `join`, `append` and `map` are not filters and are not reported.',
      why:
        'Splunk applies the `format` command to a subsearch\'s results and splices the text into the search: each row ' +
        'becomes `( field1="value1" AND field2="value2" ... )` over all of the row\'s fields except internal ones (Search ' +
        'Manual, "Change the format of subsearch results"). Rows that are raw events carry `host`, `source`, `sourcetype`, ' +
        '`index`, `linecount` and every extracted field, so the filter asks the outer events to equal the subsearch\'s ' +
        'events in all of them: it matches almost nothing, silently. The local engine runs these filters the same way ' +
        '(docs/semantics.md, "Subsearches in search expressions").',
      example: '```spl\nindex=proxy NOT [search index=allowlist sourcetype=approved_users]\n```',
      useInstead:
        '```spl\nindex=proxy NOT [search index=allowlist sourcetype=approved_users | fields user]\n```\nName the fields the ' +
        'outer search should match (rename them to the outer names first if they differ).',
    },
  },
  create(context) {
    return {
      subsearch(node: SubsearchNode) {
        const parent: AnyNode | undefined = context.ancestors().at(-1);
        if (!parent || !FILTER_PARENTS.has(parent.kind)) return;
        const stages = node.pipeline.stages;
        if (stages.length === 0 || stages.some(narrows)) return;
        context.report({ span: node.span, messageId: 'allFields' });
      },
    };
  },
};
