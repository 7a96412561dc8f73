// `spl-detect check` as a process on a small repository (detections/, data_sources/, stories/): the detection
// rules' findings at their line and column in text, JSON and SARIF, selected like lint rules, with an ATT&CK
// bundle from --attack; a bad --attack file is a usage error with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');
const shared = parse(readFileSync(join(root, 'test/fixtures/lint/SPL152.yml'), 'utf8')) as { 'x-valid-escu4': string; 'x-workspace': Record<string, string> };

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function withRepository(files: Record<string, string>, run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'spl-detect-detection-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DETECTION = 'detections/endpoint/fixture_net_share_discovery.yml';
const defective = shared['x-valid-escu4']
  .replace('  - Fixture Discovery', '  - Fixture Discovery Technique')
  .replace('- Sysmon EventID 1', '- Sysmon Event ID 1')
  .replace('  - T1135', '  - T1135.001');
const bundle = JSON.stringify({
  type: 'bundle',
  objects: [{ type: 'attack-pattern', name: 'Network Share Discovery', external_references: [{ source_name: 'mitre-attack', external_id: 'T1135' }] }],
});
const repository = { ...shared['x-workspace'], [DETECTION]: defective, 'enterprise-attack.json': bundle };

interface JsonDiagnostic { file: string; line: number; column: number; severity: string; code: string; message: string }

test('check reports the unknown data source, story and ATT&CK id at their line and column, in JSON', () => {
  withRepository(repository, (dir) => {
    const result = cli(dir, 'check', '.', '--format', 'json', '--attack', 'enterprise-attack.json', '--rule', 'SPL155,SPL156', '--rule', 'attack-id');
    assert.equal(result.code, 1, result.stderr);
    const diagnostics = (JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`),
      [`${DETECTION}:10:3 warning SPL155`, `${DETECTION}:23:5 error SPL156`, `${DETECTION}:30:5 error SPL157`],
    );
    assert.match(diagnostics[1].message, /`Fixture Discovery Technique` is not the name of an analytic story in `stories\/` \(did you mean `Fixture Discovery`\?\)/);
    assert.match(diagnostics[2].message, /not a technique of the ATT&CK bundle enterprise-attack\.json \(its technique T1135 is Network Share Discovery\)/);
  });
});

test('check --format sarif carries the detection rules with their doc page as help; text output names the rule', () => {
  withRepository(repository, (dir) => {
    const sarif = JSON.parse(cli(dir, 'check', '.', '--format', 'sarif', '--rule', 'unknown-story').stdout) as {
      runs: { tool: { driver: { rules: { id: string; help?: { markdown: string } }[] } }; results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    const [run] = sarif.runs;
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.locations[0].physicalLocation.region.startLine, r.locations[0].physicalLocation.region.startColumn]), [['SPL156', 23, 5]]);
    assert.match(run.tool.driver.rules.find((r) => r.id === 'SPL156')?.help?.markdown ?? '', /# SPL156 unknown-story/);
    const text = cli(dir, 'check', DETECTION, '--rule', 'SPL155');
    assert.match(text.stdout, /fixture_net_share_discovery\.yml:10:3: warning SPL155: `Sysmon Event ID 1` is not the name of a data source/);
  });
});

test('a bad --attack file is bad usage with a message, not a crash', () => {
  withRepository({ ...repository, 'broken.json': '{"objects": 3' }, (dir) => {
    const missing = cli(dir, 'check', '.', '--attack', 'nope.json');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such ATT&CK bundle: nope\.json/);
    const broken = cli(dir, 'check', '.', '--attack', 'broken.json');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /--attack: broken\.json is not JSON/);
  });
});
