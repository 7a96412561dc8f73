/**
 * SPL155 unknown-data-source: a `data_source` entry (each part of `A AND B`) that names no
 * `data_sources/*.yml` of the repository, with the closest names and a quick fix. Said only in a
 * repository that has data sources at all.
 */
import type { DocumentRule } from '../../lint/rule';
import { dataSourceReferences, suggestionFor } from '../references';
import { detectionFacts } from '../ruleSupport';
import { isPlaceholder } from '../validate';

export const unknownDataSource: DocumentRule = {
  meta: {
    id: 'SPL155',
    name: 'unknown-data-source',
    defaultSeverity: 'warning',
    outsideSearches: true,
    fixable: true,
    messages: {
      unknown: '`{{name}}` is not the name of a data source in `data_sources/`{{suggestion}}.',
    },
    doc: {
      what:
        'A name in a detection\'s `data_source` list that is not the `name:` of any `data_sources/*.yml` file of the ' +
        'repository. An entry `A AND B` (a search that needs both sources) is split at ` AND ` and each part is checked ' +
        'and reported at its own text. Up to three similar names are suggested; the quick fix writes the closest. ' +
        'Nothing is reported in a repository without `data_sources/` files.',
      why:
        'contentctl maps each name to a DataSource object (splunk/contentctl ' +
        '`contentctl/objects/abstract_security_content_objects/detection_abstract.py`, `data_source.py`): that object ' +
        'gives the detection its source, sourcetype, supported add-on and example event in the app, the docs and the test ' +
        'harness. contentctl 4.x only prints a warning for a name it cannot find and drops it; the detection then ships ' +
        'without that information, and tests cannot tell which source to replay into. Names are compared exactly, as ' +
        'contentctl does.',
      example: '```yaml\ndata_source:\n- Sysmon Event ID 1\n```',
      useInstead: '```yaml\ndata_source:\n- Sysmon EventID 1\n```',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    const known = facts?.repository?.names('data-source') ?? [];
    if (!facts || known.length === 0) return;
    // One name written many times is looked up once.
    const similar = new Map<string, ReturnType<typeof suggestionFor>>();
    for (const reference of dataSourceReferences(facts.text, facts.tree)) {
      // A placeholder (`UPDATE_DATA_SOURCE`) is SPL153's: it says what to do.
      if (facts.repository?.dataSource(reference.name) || isPlaceholder(reference.name)) continue;
      const suggestion = reference.whole ? suggestionFor(reference, known) : (similar.get(reference.name) ?? suggestionFor(reference, known));
      similar.set(reference.name, suggestion);
      context.report({ span: reference.span, messageId: 'unknown', data: { name: reference.name, suggestion: suggestion.text }, ...(suggestion.fix ? { fix: suggestion.fix } : {}) });
    }
  },
};
