/**
 * THE model of a detection document: every key, its type, whether it is required, its values and a
 * one-line doc, for both layouts a repository may use (ESCU 4.x: risk in `tags.message`,
 * `tags.observable`, `tags.confidence`/`impact`; contentctl 5: an `rba:` block). Shape checks,
 * completion, hover, the rule docs and the generated JSON Schema all read it; facts about keys are
 * written here and nowhere else. Sources: splunk/contentctl `contentctl/objects/`
 * (security_content_object_abstract.py, detection_abstract.py, detection_tags.py, observable.py,
 * rba.py, drilldown.py, unit_test.py, test_attack_data.py, throttling.py).
 */
import {
  ANALYTICS_TYPES,
  ASSET_TYPES,
  DETECTION_STATUSES_4,
  DETECTION_STATUSES_5,
  MAX_NAME_LENGTH,
  OBSERVABLE_ROLES,
  OBSERVABLE_TYPES,
  PRODUCTS,
  RISK_OBJECT_TYPES,
  SECURITY_DOMAINS,
  THREAT_OBJECT_TYPES,
} from './enums';

export type Layout = 'escu4' | 'contentctl5';

export const LAYOUT_NAMES: Record<Layout, string> = { escu4: 'ESCU 4.x', contentctl5: 'contentctl 5' };

/** Formats a string value must have; checked by SPL153. */
export type StringFormat = 'uuid' | 'date' | 'url' | 'url-or-path' | 'attack-id' | 'cve';

/** Which other content a string value names (checked by SPL155/SPL156, completed from the repository). */
export type Reference = 'data-source' | 'story';

export type Shape =
  | {
      kind: 'string';
      format?: StringFormat;
      minLength?: number;
      maxLength?: number;
      reference?: Reference;
      /** An SPL search (parsed and linted as such). */
      spl?: boolean;
      /** Prose a reader needs: an `UPDATE ...` placeholder or `TBD` is reported. */
      prose?: boolean;
      /** A field of the search's results (observables, risk and threat objects). */
      resultField?: boolean;
    }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; item: Shape; minItems?: number }
  | { kind: 'mapping'; keys: readonly KeySpec[] }
  | { kind: 'any' };

export interface KeySpec {
  key: string;
  /** One line, shown by hover and completion and in the JSON Schema. */
  doc: string;
  shape: Shape;
  required?: boolean;
  /** The key belongs to this layout only. */
  layout?: Layout;
}

const text = (extra: Omit<Extract<Shape, { kind: 'string' }>, 'kind'> = {}): Shape => ({ kind: 'string', ...extra });
const list = (item: Shape, minItems?: number): Shape => ({ kind: 'list', item, ...(minItems !== undefined ? { minItems } : {}) });
const oneOf = (values: readonly string[]): Shape => ({ kind: 'enum', values });
const mapping = (keys: readonly KeySpec[]): Shape => ({ kind: 'mapping', keys });

const OBSERVABLE: Shape = mapping([
  { key: 'name', doc: 'The result field that holds the observable (`dest`, `user` ...).', shape: text({ resultField: true, minLength: 1 }), required: true },
  { key: 'type', doc: 'What the value is; decides whether it becomes a risk object (user, system) or a threat object.', shape: oneOf(OBSERVABLE_TYPES), required: true },
  { key: 'role', doc: '`Victim` makes a risk object, `Attacker` a threat object.', shape: list(oneOf(OBSERVABLE_ROLES), 1), required: true },
]);

const RISK_OBJECT: Shape = mapping([
  { key: 'field', doc: 'The result field whose value receives the risk score.', shape: text({ resultField: true, minLength: 1 }), required: true },
  { key: 'type', doc: 'What the field holds: `user`, `system` or `other`.', shape: oneOf(RISK_OBJECT_TYPES), required: true },
  { key: 'score', doc: 'The risk score this object gets, 1 to 100.', shape: { kind: 'integer', min: 1, max: 100 }, required: true },
]);

const THREAT_OBJECT: Shape = mapping([
  { key: 'field', doc: 'The result field that holds the threat object.', shape: text({ resultField: true, minLength: 1 }), required: true },
  { key: 'type', doc: 'What the field holds (`process_name`, `file_hash`, `url` ...).', shape: oneOf(THREAT_OBJECT_TYPES), required: true },
]);

const TAGS: Shape = mapping([
  { key: 'analytic_story', doc: 'The analytic stories (`stories/*.yml` names) the detection belongs to.', shape: list(text({ reference: 'story' })), required: true },
  { key: 'asset_type', doc: 'The kind of asset the detection watches.', shape: oneOf(ASSET_TYPES), required: true },
  { key: 'confidence', doc: 'How sure a finding is, 0 to 100; risk score = confidence × impact / 100.', shape: { kind: 'integer', min: 0, max: 100 }, required: true, layout: 'escu4' },
  { key: 'impact', doc: 'How bad a true finding is, 0 to 100; risk score = confidence × impact / 100.', shape: { kind: 'integer', min: 0, max: 100 }, required: true, layout: 'escu4' },
  {
    key: 'risk_score',
    doc: 'Kept for readers: contentctl computes the score as round(confidence × impact / 100) and ignores this value.',
    shape: { kind: 'integer', min: 0, max: 100 },
    layout: 'escu4',
  },
  { key: 'message', doc: 'The risk message; `$field$` tokens are replaced by the result\'s values.', shape: text({ minLength: 1 }), required: true, layout: 'escu4' },
  { key: 'observable', doc: 'Result fields that become risk objects (role Victim) or threat objects (role Attacker).', shape: list(OBSERVABLE), layout: 'escu4' },
  { key: 'mitre_attack_id', doc: 'ATT&CK technique ids (`T1059`, `T1059.001`).', shape: list(text({ format: 'attack-id' })) },
  { key: 'product', doc: 'The Splunk products the detection runs on.', shape: list(oneOf(PRODUCTS), 1), required: true },
  { key: 'required_fields', doc: 'The fields the data must provide for the search to work.', shape: list(text(), 1), required: true, layout: 'escu4' },
  { key: 'security_domain', doc: 'The Enterprise Security domain of the findings.', shape: oneOf(SECURITY_DOMAINS), required: true },
  { key: 'cve', doc: 'CVE ids the detection covers (`CVE-2023-22515`).', shape: list(text({ format: 'cve' })) },
  { key: 'atomic_guid', doc: 'Atomic Red Team test GUIDs that exercise the detection.', shape: list(text({ format: 'uuid' })) },
  { key: 'manual_test', doc: 'Why the detection is tested by hand; its tests are then skipped.', shape: text() },
  { key: 'throttling', doc: 'Suppresses repeated findings with the same field values.', shape: mapping([
    { key: 'fields', doc: 'Result fields whose values identify a repeated finding.', shape: list(text({ resultField: true }), 1), required: true },
    { key: 'window', doc: 'How long findings are suppressed (`3600s`).', shape: text(), required: true },
  ]) },
  { key: 'group', doc: 'Groups the detection belongs to.', shape: list(text()) },
  { key: 'drilldown_search', doc: 'A single drilldown search (older layout; prefer `drilldown_searches`).', shape: text({ spl: true }), layout: 'escu4' },
  { key: 'research_site_url', doc: 'The detection\'s page on research.splunk.com.', shape: text({ format: 'url' }) },
  { key: 'confidence_id', doc: 'OCSF confidence id, 1 to 3.', shape: { kind: 'integer', min: 1, max: 3 }, layout: 'escu4' },
  { key: 'impact_id', doc: 'OCSF impact id, 1 to 5.', shape: { kind: 'integer', min: 1, max: 5 }, layout: 'escu4' },
  { key: 'evidence_str', doc: 'OCSF evidence text.', shape: text(), layout: 'escu4' },
]);

const RBA: Shape = mapping([
  { key: 'message', doc: 'The risk message; `$field$` tokens are replaced by the result\'s values.', shape: text({ minLength: 1 }), required: true },
  { key: 'risk_objects', doc: 'Result fields that receive the risk score.', shape: list(RISK_OBJECT, 1), required: true },
  { key: 'threat_objects', doc: 'Result fields that hold threat objects.', shape: list(THREAT_OBJECT), required: true },
]);

const DRILLDOWN: Shape = mapping([
  { key: 'name', doc: 'The title shown in Enterprise Security; `$field$` tokens are result fields.', shape: text({ minLength: 5 }), required: true },
  { key: 'search', doc: 'The drilldown SPL; `%original_detection_search%` is replaced by the detection\'s search.', shape: text({ spl: true, minLength: 1 }), required: true },
  { key: 'earliest_offset', doc: 'Start of the time range, usually `$info_min_time$`.', shape: text({ minLength: 1 }), required: true },
  { key: 'latest_offset', doc: 'End of the time range, usually `$info_max_time$`.', shape: text({ minLength: 1 }), required: true },
]);

const ATTACK_DATA: Shape = mapping([
  { key: 'data', doc: 'URL (or path) of the attack data log replayed by the test.', shape: text({ format: 'url-or-path' }), required: true },
  { key: 'source', doc: 'The `source` the log is indexed with; matches one of the detection\'s data sources.', shape: text({ minLength: 1 }), required: true },
  { key: 'sourcetype', doc: 'The `sourcetype` the log is indexed with; matches one of the detection\'s data sources.', shape: text({ minLength: 1 }), required: true },
  { key: 'custom_index', doc: 'Index to replay into instead of the default.', shape: text() },
  { key: 'host', doc: 'Host value for the replayed events.', shape: text() },
  { key: 'update_timestamp', doc: 'Shift the events\' timestamps to now when replaying.', shape: { kind: 'boolean' }, layout: 'escu4' },
]);

const TEST: Shape = mapping([
  { key: 'name', doc: 'The test\'s name (`True Positive Test`).', shape: text({ minLength: 1 }), required: true },
  { key: 'attack_data', doc: 'Logs replayed before the search runs.', shape: list(ATTACK_DATA, 1), required: true },
  { key: 'pass_condition', doc: 'SPL appended to the search; the test passes when it returns results.', shape: text() },
  { key: 'earliest_time', doc: 'Start of the test search\'s time range.', shape: text() },
  { key: 'latest_time', doc: 'End of the test search\'s time range.', shape: text() },
]);

/** The root mapping of a detection file. */
export const DETECTION_MODEL: readonly KeySpec[] = [
  { key: 'name', doc: `The detection's title, at most ${MAX_NAME_LENGTH} characters; the file name and the filter macro derive from it.`, shape: text({ minLength: 1, maxLength: MAX_NAME_LENGTH }), required: true },
  { key: 'id', doc: 'A UUID that identifies the detection across releases.', shape: text({ format: 'uuid' }), required: true },
  { key: 'version', doc: 'Raised by one with every change that ships.', shape: { kind: 'integer', min: 1 }, required: true },
  { key: 'date', doc: 'Date of the last change, `YYYY-MM-DD`, not in the future.', shape: text({ format: 'date' }), required: true },
  { key: 'author', doc: 'Who wrote the detection (`Name, Organisation`).', shape: text({ minLength: 1, maxLength: 255 }), required: true },
  { key: 'status', doc: 'Lifecycle: only `production` detections are tested and enabled.', shape: oneOf(DETECTION_STATUSES_4), required: true, layout: 'escu4' },
  { key: 'status', doc: 'Lifecycle: only `production` detections are tested and enabled.', shape: oneOf(DETECTION_STATUSES_5), required: true, layout: 'contentctl5' },
  { key: 'type', doc: 'TTP and Anomaly make risk, Hunting is run by hand, Correlation reads the risk index.', shape: oneOf(ANALYTICS_TYPES), required: true },
  { key: 'description', doc: 'What the detection finds and why it matters.', shape: text({ minLength: 1, maxLength: 10000, prose: true }), required: true },
  { key: 'data_source', doc: 'The data sources (`data_sources/*.yml` names) the search reads; `A AND B` when it needs both.', shape: list(text({ reference: 'data-source' })) },
  { key: 'search', doc: 'The SPL the detection runs; it ends with the detection\'s filter macro.', shape: text({ spl: true, minLength: 1 }), required: true },
  { key: 'how_to_implement', doc: 'What data and configuration the search needs.', shape: text({ minLength: 4, prose: true }), required: true },
  { key: 'known_false_positives', doc: 'Benign activity the search also finds, and how to tune it out.', shape: text({ minLength: 4, prose: true }), required: true },
  { key: 'references', doc: 'URLs of the research behind the detection.', shape: list(text({ format: 'url' })) },
  { key: 'explanation', doc: 'Text for the Use Case Library\'s Explanation field (default: the description).', shape: text() },
  { key: 'enabled_by_default', doc: 'Ship the detection enabled (production TTP, Anomaly or Correlation only).', shape: { kind: 'boolean' } },
  { key: 'drilldown_searches', doc: 'Searches an analyst opens from a finding.', shape: list(DRILLDOWN) },
  { key: 'rba', doc: 'Risk-based alerting: the message, risk objects and threat objects.', shape: RBA, layout: 'contentctl5' },
  { key: 'tags', doc: 'Stories, ATT&CK, product, domain and (ESCU 4.x) risk metadata.', shape: TAGS, required: true },
  { key: 'tests', doc: 'Unit tests: attack data replayed, the search must return results.', shape: list(TEST) },
  { key: 'deployment', doc: 'Overrides the scheduling and alert actions contentctl derives from `type`.', shape: { kind: 'any' } },
];

/** The keys of a mapping shape that apply in a layout. */
export function keysIn(keys: readonly KeySpec[], layout: Layout): KeySpec[] {
  return keys.filter((spec) => spec.layout === undefined || spec.layout === layout);
}

/** The key spec a key path names (`['tags', 'observable', 0, 'type']`), undefined when the model has none. */
export function specAt(path: readonly (string | number)[], layout: Layout): KeySpec | undefined {
  let keys: readonly KeySpec[] = DETECTION_MODEL;
  let found: KeySpec | undefined;
  for (const step of path) {
    if (typeof step === 'number') continue;
    found = keysIn(keys, layout).find((spec) => spec.key === step);
    if (!found) return undefined;
    keys = mappingKeys(found.shape) ?? [];
  }
  return found;
}

/** The keys of a mapping, or of the mappings a list holds. */
export function mappingKeys(shape: Shape): readonly KeySpec[] | undefined {
  if (shape.kind === 'mapping') return shape.keys;
  if (shape.kind === 'list') return mappingKeys(shape.item);
  return undefined;
}

/** The shape of a value at a path (list indexes step into the item shape). */
export function shapeAt(path: readonly (string | number)[], layout: Layout): Shape | undefined {
  let shape: Shape = { kind: 'mapping', keys: DETECTION_MODEL };
  for (const step of path) {
    if (typeof step === 'number') {
      if (shape.kind !== 'list') return undefined;
      shape = shape.item;
      continue;
    }
    if (shape.kind === 'list') shape = shape.item;
    if (shape.kind !== 'mapping') return undefined;
    const spec: KeySpec | undefined = keysIn(shape.keys, layout).find((s) => s.key === step);
    if (!spec) return undefined;
    shape = spec.shape;
  }
  return shape;
}

/** What a value of this shape is called in messages. */
export function describeShape(shape: Shape): string {
  switch (shape.kind) {
    case 'string':
      return 'a string';
    case 'integer':
      return 'a whole number';
    case 'boolean':
      return '`true` or `false`';
    case 'enum':
      return 'one of the listed values';
    case 'list':
      return 'a list';
    case 'mapping':
      return 'a mapping of keys';
    case 'any':
      return 'anything';
  }
}
