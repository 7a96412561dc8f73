// `spl-detect new` as a process: the skeleton it writes (fresh UUID, today's date, file named after the
// detection, filter macro, drilldowns, a test entry with the data source's pair) passes `spl-detect check`
// with no error, only warnings at its UPDATE_ placeholders; it follows the repository's layout, refuses to
// overwrite, and rejects a name contentctl would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');
const shared = parse(readFileSync(join(root, 'test/fixtures/lint/SPL152.yml'), 'utf8')) as { 'x-valid-contentctl5': string; 'x-workspace': Record<string, string> };

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function repository(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'spl-detect-new-'));
  for (const [path, text] of Object.entries({ ...shared['x-workspace'], ...extra })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, 'macros'), { recursive: true });
  return dir;
}

const today = () => new Date().toISOString().slice(0, 10);

test('new writes a valid ESCU 4.x skeleton: check finds no error, only warnings at the placeholders', () => {
  const dir = repository();
  try {
    const before = today();
    const result = cli(dir, 'new', 'Suspicious Net Share Discovery', '--data-source', 'Sysmon EventID 1', '--story', 'Fixture Discovery', '--attack-id', 'T1135', '--author', 'Jane Doe, Example');
    const after = today();
    assert.equal(result.code, 0, result.stderr);
    const path = join(dir, 'detections/endpoint/suspicious_net_share_discovery.yml');
    assert.match(result.stdout, /^wrote detections\/endpoint\/suspicious_net_share_discovery\.yml \(ESCU 4\.x layout\)/);
    const text = readFileSync(path, 'utf8');
    const yaml = parse(text) as Record<string, any>;
    assert.match(yaml.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok([before, after].includes(yaml.date), `today's date, not ${yaml.date}`);
    assert.match(yaml.search, /\| `suspicious_net_share_discovery_filter`$/);
    assert.equal(yaml.drilldown_searches.length, 2);
    assert.deepEqual(yaml.tests[0].attack_data[0], { data: 'UPDATE_ATTACK_DATA_URL', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog' });
    assert.deepEqual([yaml.tags.message, yaml.tags.risk_score, yaml.rba], ['UPDATE message about $dest$ and $user$', 25, undefined]);

    const check = cli(dir, 'check', path, '--format', 'json');
    const diagnostics = (JSON.parse(check.stdout) as { diagnostics: { line: number; severity: string; code: string; message: string }[] }).diagnostics;
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), [], 'no error');
    assert.equal(check.code, 0);
    const lines = text.split('\n');
    const placeholders = diagnostics.map((d) => `${d.code} ${d.severity} ${lines[d.line - 1].trim()}`);
    assert.deepEqual(placeholders, [
      'SPL153 warning description: UPDATE_DESCRIPTION',
      'SPL153 warning how_to_implement: UPDATE_HOW_TO_IMPLEMENT',
      'SPL153 warning known_false_positives: UPDATE_KNOWN_FALSE_POSITIVES',
      'SPL153 warning message: UPDATE message about $dest$ and $user$',
      'SPL153 warning - data: UPDATE_ATTACK_DATA_URL',
    ]);
    assert.equal(cli(dir, 'new', 'Suspicious Net Share Discovery').code, 1, 'an existing file is not overwritten');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('new follows a contentctl 5 repository (rba block), names unknown data sources, rejects a long name', () => {
  const dir = repository({
    'detections/endpoint/one.yml': shared['x-valid-contentctl5'],
    'detections/endpoint/two.yml': shared['x-valid-contentctl5'].replace('4dc3951f', '5ec3951f'),
  });
  try {
    const result = cli(dir, 'new', 'Cloud Thing', '--kind', 'cloud', '--type', 'Anomaly', '--data-source', 'Sysmon Event ID 1', '--stdout');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /no data source is named 'Sysmon Event ID 1' \(did you mean 'Sysmon EventID 1'\?\)/);
    const yaml = parse(result.stdout) as Record<string, any>;
    assert.deepEqual(yaml.rba.risk_objects, [{ field: 'dest', type: 'system', score: 25 }]);
    assert.equal(yaml.tags.message, undefined);
    assert.equal(existsSync(join(dir, 'detections/cloud/cloud_thing.yml')), false, '--stdout writes nothing');
    const long = cli(dir, 'new', 'A'.repeat(68));
    assert.equal(long.code, 2);
    assert.match(long.stderr, /the name has 68 characters; contentctl accepts at most 67/);
    assert.equal(cli(dir, 'new', 'X', '--type', 'TTPS').code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a Hunting skeleton has no drilldowns, as contentctl writes it', () => {
  const dir = repository();
  try {
    const yaml = parse(cli(dir, 'new', 'Hunt For Shares', '--type', 'Hunting', '--stdout').stdout) as Record<string, any>;
    assert.equal(yaml.type, 'Hunting');
    assert.equal(yaml.drilldown_searches, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
