/**
 * SPL161 test-data: a test's `attack_data` indexed with a source/sourcetype pair that none of the
 * detection's data sources has (the search would not find the replayed events), and a production
 * detection that contentctl requires to have a test and has none.
 */
import type { DocumentRule } from '../../lint/rule';
import { entryOf, scalarString } from '../../workspace/yamlTree';
import type { DataSourceFile } from '../contentFiles';
import { dataSourceReferences } from '../references';
import { detectionFacts } from '../ruleSupport';

export const testData: DocumentRule = {
  meta: {
    id: 'SPL161',
    name: 'test-data',
    defaultSeverity: 'warning',
    outsideSearches: true,
    raisesErrors: true,
    fixable: false,
    messages: {
      pair:
        'The test data is indexed as source `{{source}}`, sourcetype `{{sourcetype}}`, but the detection\'s data sources ' +
        'expect {{expected}}.',
      noTests: 'This production {{type}} detection has no `tests:`: contentctl requires at least one (or `tags.manual_test`).',
    },
    doc: {
      what:
        'In a detection\'s `tests`, an `attack_data` entry whose `source` and `sourcetype` (compared without case) are not ' +
        'the pair of any data source the detection names in `data_source` (the expected pairs are listed; nothing is ' +
        'said when none of its data sources is known); and a production detection with no test at all, unless it is a ' +
        'Correlation or has `tags.manual_test`. Missing `data`, `source` or `sourcetype` keys are SPL152\'s.',
      why:
        'contentctl\'s test harness replays each attack data file into Splunk with the source and sourcetype written in ' +
        'the test (splunk/contentctl `contentctl/objects/test_attack_data.py`, `unit_test.py`); the search reads the ' +
        'events of its data sources (`data_source.py`: `source`, `sourcetype`). Replayed under another pair, the events ' +
        'are not the ones the search looks for and the test fails, or passes on parsing the production data never gets. ' +
        'Production detections other than Correlation must have a test (`detection_abstract.py` tests_validate).',
      example:
        '```yaml\ndata_source:\n- Sysmon EventID 1\ntests:\n- name: True Positive Test\n  attack_data:\n  - data: https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/T1059/sysmon.log\n' +
        '    source: WinEventLog:Security\n    sourcetype: WinEventLog\n```',
      useInstead:
        '```yaml\ntests:\n- name: True Positive Test\n  attack_data:\n  - data: https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/T1059/sysmon.log\n' +
        '    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\n    sourcetype: xmlwineventlog\n```',
    },
  },
  checkDocument(context) {
    const facts = detectionFacts(context);
    if (!facts) return;
    const tests = entryOf(facts.tree, 'tests');
    checkRequired(facts.tree, tests !== undefined && tests.value?.kind === 'sequence' && tests.value.items.length > 0, context.report);
    if (tests?.value?.kind !== 'sequence') return;
    const sources = dataSourceReferences(facts.text, facts.tree).flatMap((r) => facts.repository?.dataSource(r.name) ?? []);
    const pairs = sources.filter((s): s is DataSourceFile & { source: string; sourcetype: string } => s.source !== undefined && s.sourcetype !== undefined);
    if (pairs.length === 0) return;
    const expected = [...new Set(pairs.map((p) => `\`${p.source}\` / \`${p.sourcetype}\``))].join(' or ');
    for (const test of tests.value.items) {
      const attackData = entryOf(test, 'attack_data')?.value;
      if (attackData?.kind !== 'sequence') continue;
      for (const entry of attackData.items) {
        const sourceValue = entryOf(entry, 'source')?.value;
        const source = scalarString(sourceValue);
        const sourcetype = scalarString(entryOf(entry, 'sourcetype')?.value);
        if (!sourceValue || source === undefined || sourcetype === undefined) continue;
        const matches = pairs.some((p) => same(p.source, source) && same(p.sourcetype, sourcetype));
        if (!matches) context.report({ span: sourceValue.span, messageId: 'pair', data: { source, sourcetype, expected } });
      }
    }
  },
};

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function checkRequired(tree: Parameters<typeof entryOf>[0], hasTests: boolean, report: Parameters<typeof testData.checkDocument>[0]['report']): void {
  if (hasTests) return;
  const status = entryOf(tree, 'status');
  const type = scalarString(entryOf(tree, 'type')?.value);
  const manual = entryOf(entryOf(tree, 'tags')?.value, 'manual_test');
  if (!status || scalarString(status.value) !== 'production' || !type || type === 'Correlation' || manual) return;
  report({ span: status.value?.span ?? status.keySpan, messageId: 'noTests', data: { type }, severity: 'error' });
}
