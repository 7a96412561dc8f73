// The pieces under the detection rules: the positioned YAML tree (also through the lenient reader),
// the repository's content index (data sources, stories, ids and names, its generation), the ATT&CK
// bundle reader on good and hostile input, the layout decision and Python's rounding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readAttackBundle } from '../../server/src/detection/attack';
import { readContentFile } from '../../server/src/detection/contentFiles';
import { ContentIndex, readIdentity } from '../../server/src/detection/contentIndex';
import { layoutOf } from '../../server/src/detection/layout';
import { roundHalfEven } from '../../server/src/detection/rules/spl159RiskScore';
import { similarNames } from '../../server/src/detection/similar';
import { readSplDocument } from '../../server/src/workspace/documents';
import { entryOf, type YamlValue } from '../../server/src/workspace/yamlTree';

const at = (text: string, value: { span: { start: number; end: number } } | null | undefined) => (value ? text.slice(value.span.start, value.span.end) : undefined);

test('the tree gives every key and value its exact text, quotes included, without trailing line breaks', () => {
  const text = "name: 'It''s Here'\ntags:\n  product:\n  - Splunk Cloud\n  confidence: 80\n";
  const tree = readSplDocument('/w/detections/a.yml', text).detection!.tree!;
  const name = entryOf(tree, 'name')!;
  assert.equal(at(text, name.value), "'It''s Here'");
  assert.deepEqual(name.value, { kind: 'scalar', span: name.value!.span, value: "It's Here", text: "It's Here", style: 'single' });
  const tags = entryOf(tree, 'tags')!.value!;
  assert.equal(at(text, entryOf(tags, 'product')!.value), '- Splunk Cloud');
  const confidence = entryOf(tags, 'confidence')!.value as Extract<YamlValue, { kind: 'scalar' }>;
  assert.equal(confidence.value, 80);
  assert.equal(at(text, confidence), '80');
});

test('a file read leniently (a quoted value continued under its key) has its tree mapped back to the file', () => {
  const text = "name: Lenient\nsearch: 'index=a\n| stats count'\nauthor: Me\n";
  const document = readSplDocument('/w/detections/lenient.yml', text);
  assert.ok(document.diagnostics.some((d) => d.code === 'DOC006'));
  const tree = document.detection!.tree!;
  assert.equal(at(text, entryOf(tree, 'author')!.value), 'Me');
  assert.equal(at(text, entryOf(tree, 'search')!.value), "'index=a\n| stats count'");
});

test('the layout: rba means contentctl 5, 4.x risk keys mean ESCU 4.x, neither or both follow the repository', () => {
  const tree = (text: string) => readSplDocument('/w/detections/a.yml', text).detection!.tree!;
  assert.equal(layoutOf(tree('rba:\n  message: x\n')), 'contentctl5');
  assert.equal(layoutOf(tree('tags:\n  message: x\n')), 'escu4');
  assert.equal(layoutOf(tree('name: x\n'), 'contentctl5'), 'contentctl5');
  assert.equal(layoutOf(tree('rba:\n  message: x\ntags:\n  impact: 5\n'), 'escu4'), 'escu4');
  assert.equal(layoutOf(tree('name: x\n')), 'escu4');
});

test('data source and story files keep their name with its position, source, sourcetype, fields and description', () => {
  const text = "name: Sysmon EventID 1\ndescription: 'Process creation'\nsource: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\nsourcetype: xmlwineventlog\nfields:\n- Image\n- CommandLine\n";
  const file = readContentFile('/w/data_sources/sysmon_eventid_1.yml', text);
  assert.ok(file && file.kind === 'data-source');
  assert.equal(text.slice(file.nameSpan.start, file.nameSpan.end), 'Sysmon EventID 1');
  assert.deepEqual([file.source, file.sourcetype, file.description, file.fields], ['XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', 'xmlwineventlog', 'Process creation', ['Image', 'CommandLine']]);
  assert.equal(readContentFile('/w/stories/x.yml', 'description: no name\n'), undefined);
  assert.equal(readContentFile('/w/stories/x.yml', '\u0000\u0001'), undefined, 'not YAML: no story, no throw');
  assert.equal(readContentFile('/w/macros/x.yml', 'name: x\n'), undefined, 'not a data source or story path');
});

test('the content index answers names and ids, and its generation moves only when they change', () => {
  const index = new ContentIndex();
  index.upsertContent('/w/stories/a.yml', 'name: Story A\n');
  index.upsertDetection('/w/detections/one.yml', "name: One\nid: 'ABC'\nsearch: x\n");
  index.upsertDetection('/w/detections/two.yml', 'name: one\nid: abc\n');
  assert.equal(index.story('Story A')?.path, '/w/stories/a.yml');
  assert.deepEqual(index.detectionsWithId('abc').map((d) => d.path), ['/w/detections/one.yml', '/w/detections/two.yml']);
  assert.deepEqual(index.detectionsWithName('ONE').map((d) => d.path), ['/w/detections/one.yml', '/w/detections/two.yml']);
  const before = index.generation;
  index.upsertDetection('/w/detections/one.yml', "name: One\nid: 'ABC'\nsearch: y | stats count\n");
  assert.equal(index.generation, before, 'the search changed, not the id or name');
  index.upsertDetection('/w/detections/one.yml', "name: Uno\nid: 'ABC'\n");
  assert.notEqual(index.generation, before);
  assert.deepEqual(index.detectionsWithName('one').map((d) => d.path), ['/w/detections/two.yml']);
  index.remove('/w/detections/two.yml');
  assert.deepEqual(index.detectionsWithId('abc').map((d) => d.path), ['/w/detections/one.yml']);
  const text = "id: 'ABC'\n";
  const identity = readIdentity('/w/d.yml', text);
  assert.equal(text.slice(identity.id!.span.start, identity.id!.span.end), "'ABC'");
});

test('names written over several lines, quoted over several lines, or as a block are read as YAML reads them', () => {
  const index = new ContentIndex();
  index.upsertContent('/w/stories/long.yml', 'name: CVE-2023-22515 Privilege Escalation Vulnerability Confluence Data Center and\n  Server\nid: 1\n');
  index.upsertContent('/w/stories/quoted.yml', "name: 'Quoted Over\n  Two Lines'\n");
  index.upsertContent('/w/stories/block.yml', 'name: >-\n  Folded Block\n');
  index.upsertContent('/w/stories/comment.yml', 'name: Plain # a comment\n');
  assert.deepEqual(index.names('story'), ['CVE-2023-22515 Privilege Escalation Vulnerability Confluence Data Center and Server', 'Folded Block', 'Plain', 'Quoted Over Two Lines']);
  const text = 'name: Long Detection\n  Name Continued\nid: x\n';
  const identity = readIdentity('/w/d.yml', text);
  assert.equal(identity.name!.value, 'Long Detection Name Continued');
  assert.equal(text.slice(identity.name!.span.start, identity.name!.span.end), 'Long Detection\n  Name Continued');
});

test('an ATT&CK bundle: techniques with names and tactics; hostile input gets a message, never a throw', () => {
  const bundle = {
    type: 'bundle',
    objects: [
      { type: 'attack-pattern', name: 'OS Credential Dumping', external_references: [{ source_name: 'mitre-attack', external_id: 'T1003' }], kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'credential-access' }, { kill_chain_name: 'mitre-attack', phase_name: 'command-and-control' }] },
      { type: 'attack-pattern', name: 'Old', revoked: true, external_references: [{ source_name: 'mitre-attack', external_id: 'T1003' }] },
      { type: 'intrusion-set', name: 'APT', external_references: [{ source_name: 'mitre-attack', external_id: 'G0001' }] },
      null,
      { type: 'attack-pattern', name: 7 },
    ],
  };
  const load = readAttackBundle(JSON.stringify(bundle), 'a.json');
  assert.ok('catalogue' in load);
  assert.deepEqual(load.catalogue.techniques.get('T1003'), { id: 'T1003', name: 'OS Credential Dumping', tactics: ['Credential Access', 'Command and Control'], retired: false });
  assert.equal(load.catalogue.techniques.size, 1);
  assert.match((readAttackBundle('{nope', 'b.json') as { error: string }).error, /^b\.json is not JSON/);
  assert.match((readAttackBundle('[1,2]', 'c.json') as { error: string }).error, /not a STIX bundle/);
  assert.match((readAttackBundle('{"objects":[]}', 'd.json') as { error: string }).error, /holds no ATT&CK technique/);
});

test('Python rounds halves to the even neighbour; the similarity measure ranks whole-word typos first', () => {
  assert.deepEqual([roundHalfEven(250, 100), roundHalfEven(350, 100), roundHalfEven(6400, 100), roundHalfEven(5625, 100), roundHalfEven(4951, 100)], [2, 4, 64, 56, 50]);
  assert.deepEqual(similarNames('Windows Security 5136', ['Windows Event Log Security 5136', 'Sysmon EventID 1', 'Windows Event Log Security 4624']), ['Windows Event Log Security 5136', 'Windows Event Log Security 4624']);
  assert.deepEqual(similarNames('zzz', ['Sysmon EventID 1']), []);
});
