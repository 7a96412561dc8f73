/**
 * A new detection's file, as contentctl's `new` writes one (fresh UUID, today's date, the file name from
 * the name, the filter macro, drilldowns for the victim, a test entry) but valid as written: every value
 * has its type and range, and what the author must still write is an `UPDATE ...` placeholder, which
 * SPL153 reports as a warning, never an error. `spl-detect new` and the editor command share it.
 */
import { contentStem, filterMacroName } from '../macros/builtins';
import type { Repository } from './contentIndex';
import { ANALYTICS_TYPES, MAX_NAME_LENGTH } from './enums';

export { DETECTION_KINDS } from './enums';
import type { Layout } from './model';
import { needsQuotes } from './yamlText';

export type AnalyticsType = (typeof ANALYTICS_TYPES)[number];

export interface SkeletonOptions {
  name: string;
  type: AnalyticsType;
  /** A fresh UUID (the caller's: tests pass a fixed one). */
  id: string;
  /** Today, `YYYY-MM-DD`. */
  date: string;
  layout: Layout;
  author?: string;
  dataSources?: string[];
  stories?: string[];
  attackIds?: string[];
  /** The repository, for the data sources' source and sourcetype in the test entry. */
  repository?: Repository;
}

/** Why a name cannot be a detection's (empty, too long), or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'the name is empty';
  if (name !== name.trim()) return 'the name starts or ends with white space';
  if ([...name].length > MAX_NAME_LENGTH) return `the name has ${[...name].length} characters; contentctl accepts at most ${MAX_NAME_LENGTH}`;
  if (/[\r\n]/.test(name)) return 'the name spans several lines';
  return undefined;
}

/** The file name contentctl requires for a detection of this name. */
export function detectionFileName(name: string): string {
  return `${contentStem(name)}.yml`;
}

const q = (value: string): string => (needsQuotes(value) || value.includes("'") ? `'${value.replace(/'/g, "''")}'` : value);
const list = (indent: string, values: readonly string[]): string[] => values.map((v) => `${indent}- ${q(v)}`);

/** The skeleton's YAML text. */
export function detectionSkeleton(options: SkeletonOptions): string {
  const { name, type, layout } = options;
  const risky = type !== 'Hunting';
  const search =
    '| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes ' +
    `by Processes.dest Processes.user | \`drop_dm_object_name(Processes)\` | \`${filterMacroName(name)}\``;
  const lines = [
    `name: ${q(name)}`,
    `id: ${options.id}`,
    'version: 1',
    `date: '${options.date}'`,
    `author: ${q(options.author ?? 'UPDATE_AUTHOR')}`,
    'status: production',
    `type: ${type}`,
    'description: UPDATE_DESCRIPTION',
    'data_source:',
    ...list('', options.dataSources?.length ? options.dataSources : ['UPDATE_DATA_SOURCE']),
    `search: '${search.replace(/'/g, "''")}'`,
    'how_to_implement: UPDATE_HOW_TO_IMPLEMENT',
    'known_false_positives: UPDATE_KNOWN_FALSE_POSITIVES',
    'references: []',
  ];
  if (risky) {
    lines.push(
      'drilldown_searches:',
      '- name: View the detection results for - "$dest$"',
      "  search: '%original_detection_search% | search dest = \"$dest$\"'",
      '  earliest_offset: $info_min_time$',
      '  latest_offset: $info_max_time$',
      '- name: View risk events for the last 7 days for - "$dest$"',
      "  search: '| from datamodel Risk.All_Risk | search normalized_risk_object IN (\"$dest$\") starthoursago=168 | stats count min(_time) as firstTime max(_time) as lastTime values(search_name) as \"Search Name\" values(risk_message) as \"Risk Message\" by normalized_risk_object'",
      '  earliest_offset: $info_min_time$',
      '  latest_offset: $info_max_time$',
    );
  }
  if (layout === 'contentctl5' && risky) {
    lines.push('rba:', '  message: UPDATE message about $dest$ and $user$', '  risk_objects:', '  - field: dest', '    type: system', '    score: 25', '  threat_objects: []');
  }
  lines.push('tags:', '  analytic_story:', ...list('  ', options.stories?.length ? options.stories : ['UPDATE_STORY_NAME']), '  asset_type: Endpoint');
  if (layout === 'escu4') {
    lines.push(
      '  confidence: 50',
      '  impact: 50',
      '  message: UPDATE message about $dest$ and $user$',
      ...(options.attackIds?.length ? ['  mitre_attack_id:', ...list('  ', options.attackIds)] : []),
      '  observable:',
      '  - name: dest',
      '    type: Endpoint',
      '    role:',
      '    - Victim',
      '  - name: user',
      '    type: User',
      '    role:',
      '    - Victim',
      '  product:',
      '  - Splunk Enterprise',
      '  - Splunk Enterprise Security',
      '  - Splunk Cloud',
      '  required_fields:',
      '  - _time',
      '  - Processes.dest',
      '  - Processes.user',
      '  risk_score: 25',
    );
  } else {
    if (options.attackIds?.length) lines.push('  mitre_attack_id:', ...list('  ', options.attackIds));
    lines.push('  product:', '  - Splunk Enterprise', '  - Splunk Enterprise Security', '  - Splunk Cloud');
  }
  lines.push('  security_domain: endpoint');
  const source = (options.dataSources ?? []).map((n) => options.repository?.dataSource(n)).find((d) => d?.source && d.sourcetype);
  lines.push(
    'tests:',
    '- name: True Positive Test',
    '  attack_data:',
    '  - data: UPDATE_ATTACK_DATA_URL',
    `    source: ${q(source?.source ?? 'UPDATE_SOURCE')}`,
    `    sourcetype: ${q(source?.sourcetype ?? 'UPDATE_SOURCETYPE')}`,
  );
  return lines.join('\n') + '\n';
}
