/**
 * SPL160 drilldown-tokens: `$field$` tokens in a drilldown's `name` and `search` that are not fields
 * of the detection's results (by the field flow behind SPL141). `$info_min_time$`,
 * `$info_max_time$` and `%original_detection_search%` are filled in by Splunk and contentctl.
 */
import { describeFields, hasField } from '../../lint/fieldSet';
import type { DocumentRule } from '../../lint/rule';
import { entryOf } from '../../workspace/yamlTree';
import { DRILLDOWN_PLACEHOLDERS } from '../enums';
import { detectionFacts, dollarTokens, locateInScalar, resultFields } from '../ruleSupport';

export const drilldownTokens: DocumentRule = {
  meta: {
    id: 'SPL160',
    name: 'drilldown-tokens',
    defaultSeverity: 'warning',
    outsideSearches: true,
    fixable: false,
    messages: {
      missing:
        '`${{field}}$` in the drilldown\'s {{part}} is not a field of the detection\'s results: after `{{producer}}` they hold ' +
        '{{fields}}. Enterprise Security leaves the token empty{{caseNote}}.',
    },
    doc: {
      what:
        'A `$field$` token in the `name` or `search` of a `drilldown_searches` entry whose field the detection\'s results do ' +
        'not hold, by the field flow behind SPL141 (nothing is said where that flow cannot know the fields). The ' +
        'placeholders `$info_min_time$` and `$info_max_time$` (the finding\'s time range) and `%original_detection_search%` ' +
        '(the detection\'s search, inserted when the app is built) are not fields.',
      why:
        'Enterprise Security fills each token from the finding the analyst drills down from. A token with no such field ' +
        'becomes empty: `search dest = $dest$` turns into `search dest = ` and the drilldown shows nothing, or everything. ' +
        'contentctl substitutes only the placeholder (splunk/contentctl `contentctl/objects/drilldown.py`, ' +
        'DRILLDOWN_SEARCH_PLACEHOLDER, EARLIEST_OFFSET, LATEST_OFFSET) and does not check the tokens.',
      example:
        '```yaml\nsearch: \'| tstats count from datamodel=Endpoint.Processes by Processes.dest | `drop_dm_object_name(Processes)`\'\n' +
        'drilldown_searches:\n- name: View the detection results for $user$\n  search: \'%original_detection_search% | search user = $user$\'\n```',
      useInstead:
        '```yaml\ndrilldown_searches:\n- name: View the detection results for $dest$\n  search: \'%original_detection_search% | search dest = $dest$\'\n```',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    const list = entryOf(facts?.tree, 'drilldown_searches')?.value;
    if (!facts || list?.kind !== 'sequence') return;
    const fields = resultFields(context.searches);
    if (fields.kind !== 'known') return;
    for (const drilldown of list.items) {
      for (const part of ['name', 'search'] as const) {
        const value = entryOf(drilldown, part)?.value;
        if (value?.kind !== 'scalar' || typeof value.value !== 'string') continue;
        const tokens = dollarTokens(value.value);
        const spans = locateInScalar(facts.text, value.span, tokens.map((t) => t.raw));
        const reported = new Set<string>();
        tokens.forEach((token, i) => {
          if ((DRILLDOWN_PLACEHOLDERS as readonly string[]).includes(token.name) || hasField(fields, token.name) || reported.has(token.name)) return;
          reported.add(token.name);
          const other = [...fields.names].find((name) => name.toLowerCase() === token.name.toLowerCase());
          context.report({
            span: spans[i],
            messageId: 'missing',
            data: {
              field: token.name,
              part,
              producer: fields.producer.command,
              fields: describeFields(fields),
              caseNote: other ? ` (\`${other}\` differs in case)` : '',
            },
          });
        });
      }
    }
  },
};
