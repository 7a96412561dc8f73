// Completion and hover in a detection's YAML, on a small repository loaded into a Project: keys left to
// write (with snippets of their required keys), enum values, data source and story names, result fields
// for observables, ATT&CK ids with a bundle; hover on data sources, stories, message tokens and keys.
// Half-typed files (that do not parse) still complete.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { readAttackBundle } from '../../server/src/detection/attack';
import { detectionCompletionsAt, detectionHoverAt } from '../../server/src/detection/queries';
import { Project } from '../../server/src/workspace/project';

const shared = parse(readFileSync(resolve(__dirname, '../fixtures/lint/SPL152.yml'), 'utf8')) as { 'x-valid-escu4': string; 'x-workspace': Record<string, string> };
const ROOT = '/repo';
const PATH = `${ROOT}/detections/endpoint/fixture_net_share_discovery.yml`;

function project(text: string): Project {
  const p = new Project();
  for (const [path, content] of Object.entries(shared['x-workspace'])) p.upsert(`${ROOT}/${path}`, content);
  p.upsert(`${ROOT}/data_sources/windows_security_4688.yml`, 'name: Windows Event Log Security 4688\nsource: XmlWinEventLog:Security\nsourcetype: XmlWinEventLog\n');
  p.upsert(PATH, text);
  return p;
}

/** Completion at the `¦` of `marked` (the mark removed). */
function complete(marked: string) {
  const offset = marked.indexOf('¦');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const found = detectionCompletionsAt(project(text), PATH, offset);
  return found && { text, replaced: text.slice(found.replace.start, found.replace.end), items: found.items };
}

const valid = shared['x-valid-escu4'];

test('a data_source item completes with the repository\'s data source names, source and sourcetype as detail', () => {
  const found = complete(valid.replace('- Sysmon EventID 1', '- Sys¦mon'))!;
  assert.equal(found.replaced, 'Sysmon');
  assert.deepEqual(found.items.map((i) => i.label), ['Sysmon EventID 1', 'Windows Event Log Security 4688']);
  assert.equal(found.items[0].detail, 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational · xmlwineventlog');
});

test('an analytic_story item completes with story names; enum values complete after the key', () => {
  assert.deepEqual(complete(valid.replace('  - Fixture Discovery', '  - ¦'))!.items.map((i) => i.label), ['Fixture Discovery']);
  const type = complete(valid.replace('type: TTP', 'type: ¦'))!;
  assert.deepEqual(type.items.map((i) => i.label), ['TTP', 'Anomaly', 'Hunting', 'Correlation']);
  const assetType = complete(valid.replace('asset_type: Endpoint', 'asset_type: End¦'))!;
  assert.equal(assetType.replaced, 'End');
  assert.ok(assetType.items.some((i) => i.label === 'AWS EKS Kubernetes cluster'));
  const role = complete(valid.replace('    - Victim', '    - ¦'))!;
  assert.ok(role.items.some((i) => i.label === 'Victim'));
});

test('an observable name completes with the fields of the search\'s results', () => {
  const found = complete(valid.replace('  - name: dest', '  - name: ¦'))!;
  assert.deepEqual(found.items.map((i) => i.label), ['count', 'dest', 'firstTime', 'user']);
  assert.match(found.items[0].detail ?? '', /after `tstats`/);
});

test('keys: those the mapping does not have yet, required first; the snippets of tags, tests, drilldowns', () => {
  const root = complete(valid.replace('version: 2\n', 'vers¦\n'))!;
  assert.equal(root.replaced, 'vers');
  assert.ok(root.items.some((i) => i.label === 'version'));
  assert.ok(!root.items.some((i) => i.label === 'name'), 'name is already there');
  const top = complete('name: New\n¦')!;
  const tags = top.items.find((i) => i.label === 'tags')!;
  assert.match(tags.insertText, /^tags:\n  analytic_story:\n  - \$\d+\n  asset_type: \$\{\d+\|AWS Account,/);
  assert.match(tags.insertText, /\n  security_domain: \$\{\d+\|endpoint,network,threat,identity,access,audit,cloud\|\}/);
  assert.equal(top.items.find((i) => i.label === 'tests')!.insertText, 'tests:\n- name: $1\n  attack_data:\n  - data: $2\n    source: $3\n    sourcetype: $4');
  assert.match(top.items.find((i) => i.label === 'drilldown_searches')!.insertText, /^drilldown_searches:\n- name: \$1\n  search: \$2\n  earliest_offset: \$3\n  latest_offset: \$4$/);
  assert.ok(!top.items.some((i) => i.label === 'rba'), 'rba is the contentctl 5 layout\'s; this repository is ESCU 4.x');
  const inTags = complete(valid.replace('  security_domain: endpoint\n', '  secur¦\n'))!;
  assert.deepEqual(inTags.items.map((i) => i.label).slice(0, 1), ['security_domain']);
  const inTest = complete(valid.replace('    sourcetype: xmlwineventlog', '    ¦'))!;
  assert.deepEqual(inTest.items.map((i) => i.label), ['sourcetype', 'custom_index', 'host', 'update_timestamp']);
});

test('a half-typed file that does not parse still completes; inside the search nothing is offered', () => {
  const broken = complete('name: X\nstat\ntags:\n  asset_type: ¦\n  product: [Splunk\n');
  assert.ok(broken && broken.items.some((i) => i.label === 'Endpoint'));
  const key = complete('name: X\nstat¦\ntags:\n  product: [Splunk\n');
  assert.ok(key && key.items.some((i) => i.label === 'status') && key.replaced === 'stat');
  assert.equal(complete(valid.replace('count min(_time)', 'count mi¦n(_time)')), undefined);
});

test('ATT&CK ids complete from the bundle when one is set, not otherwise', () => {
  const text = valid.replace('  - T1135', '  - T');
  const offset = text.indexOf('  - T') + 5;
  const p = project(text);
  assert.equal(detectionCompletionsAt(p, PATH, offset), undefined);
  const load = readAttackBundle(JSON.stringify({ objects: [{ type: 'attack-pattern', name: 'Network Share Discovery', external_references: [{ source_name: 'mitre-attack', external_id: 'T1135' }] }] }), 'a.json');
  p.content.setAttack('catalogue' in load ? load.catalogue : undefined);
  assert.deepEqual(detectionCompletionsAt(p, PATH, offset)!.items.map((i) => `${i.label} ${i.detail}`), ['T1135 Network Share Discovery']);
});

/** Hover at the `¦` of `marked`. */
function hover(marked: string) {
  const offset = marked.indexOf('¦');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const found = detectionHoverAt(project(text), PATH, offset);
  return found && { text: text.slice(found.span.start, found.span.end), markdown: found.markdown };
}

test('hover on a data source name: its source, sourcetype and fields; on a story: its description', () => {
  const source = hover(valid.replace('- Sysmon EventID 1', '- Sysmon Event¦ID 1'))!;
  assert.equal(source.text, 'Sysmon EventID 1');
  assert.match(source.markdown, /\*\*Sysmon EventID 1\*\* \(data source\)/);
  assert.match(source.markdown, /- source: `XmlWinEventLog:Microsoft-Windows-Sysmon\/Operational`\n- sourcetype: `xmlwineventlog`/);
  const both = hover(valid.replace('- Sysmon EventID 1', '- Sysmon EventID 1 AND Windows Event Log Security 4¦688'))!;
  assert.equal(both.text, 'Windows Event Log Security 4688');
  const story = hover(valid.replace('  - Fixture Discovery', '  - Fixture Disc¦overy'))!;
  assert.deepEqual(story, { text: 'Fixture Discovery', markdown: '**Fixture Discovery** (analytic story)\n\nDiscovery techniques.' });
});

test('hover on a message token names the command that produces the field, or says it is not produced', () => {
  const dest = hover(valid.replace('Share discovery on $dest$', 'Share discovery on $de¦st$'))!;
  assert.equal(dest.text, '$dest$');
  assert.equal(dest.markdown, '`dest` comes from `rename Processes.* as *`.');
  const missing = hover(valid.replace('by $user$', 'by $us¦er$').replace('Processes.dest Processes.user |', 'Processes.dest |'))!;
  assert.match(missing.markdown, /`user` is not a field of the search's results/);
});

test('hover on a key gives its doc from the model', () => {
  assert.deepEqual(hover(valid.replace('  security_domain: endpoint', '  security_dom¦ain: endpoint')), {
    text: 'security_domain',
    markdown: '**security_domain** (required): The Enterprise Security domain of the findings.',
  });
});
