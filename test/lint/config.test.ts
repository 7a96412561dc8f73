// Lint configuration: validation of .spl-detect.json, resolution per rule, loading by the Project,
// and writing fixes back in the file's own quoting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeLintConfigs, parseLintConfigText, resolveRule } from '../../server/src/lint/config';
import { encodeForFile } from '../../server/src/lint/fileText';
import { rules } from '../../server/src/lint/registry';
import { isDocumentRule } from '../../server/src/lint/rule';
import { readSplDocument } from '../../server/src/workspace/documents';
import { Project } from '../../server/src/workspace/project';

const metas = rules.map((r) => r.meta);
const spl102 = metas.find((m) => m.id === 'SPL102')!;

test('valid settings are kept; unknown rules, bad levels and bad JSON become problems, never exceptions', () => {
  const parsed = parseLintConfigText(
    JSON.stringify({ rules: { SPL102: 'off', 'over-broad-substring': ['error', { x: 1 }], SPL999: 'hint', SPL104: 'loud', SPL105: ['warning', 3] } }),
    metas,
  );
  assert.deepEqual(parsed.config.rules, { SPL102: 'off', 'over-broad-substring': ['error', { x: 1 }], SPL999: 'hint' });
  assert.deepEqual(parsed.problems, [
    'unknown rule "SPL999"',
    'rule "SPL104": the level must be one of off, error, warning, information, hint',
    'rule "SPL105": options must be an object',
  ]);
  assert.match(parseLintConfigText('{ "rules": ', metas).problems[0], /^not valid JSON/);
  assert.deepEqual(parseLintConfigText('[]', metas).problems, ['the configuration must be a JSON object']);
  assert.deepEqual(parseLintConfigText('{"rules": 3}', metas).problems, ['"rules" must be an object mapping rule ids to settings']);
});

test('resolution: default on, off, severity, options over defaults, id before name', () => {
  assert.deepEqual(resolveRule(undefined, spl102), { enabled: true, options: {} });
  assert.equal(resolveRule({ rules: { 'leading-wildcard': 'off' } }, spl102).enabled, false);
  assert.deepEqual(resolveRule({ rules: { SPL102: 'error', 'leading-wildcard': 'off' } }, spl102), { enabled: true, severity: 'error', options: {} });
  assert.deepEqual(mergeLintConfigs({ rules: { SPL102: 'off', SPL103: 'hint' } }, { rules: { SPL102: 'warning' } }), {
    rules: { SPL102: 'warning', SPL103: 'hint' },
  });
});

test('Project.load reads .spl-detect.json at the root and applies it; problems are kept for the user', () => {
  const root = mkdtempSync(join(tmpdir(), 'spl-detect-lint-'));
  try {
    mkdirSync(join(root, 'detections'));
    const detection = join(root, 'detections', 'd.yml');
    writeFileSync(detection, `name: D\nid: 1\nsearch: 'index=a process IN ("*/y*") | where x="*a*" | \`d_filter\`'\n`);
    writeFileSync(join(root, '.spl-detect.json'), JSON.stringify({ rules: { SPL101: 'off', SPL103: 'error', nope: 'hint' } }));
    const project = Project.load([root]);
    assert.deepEqual(project.configProblems, [`${join(root, '.spl-detect.json')}: unknown rule "nope"`]);
    // The search rules' findings: the file rules (SPL152 ...) have much to say about this two-line detection.
    const searchRules = new Set(rules.filter((r) => !isDocumentRule(r)).map((r) => r.meta.id));
    const codes = project.analyze(detection)!.diagnostics.filter((d) => searchRules.has(d.code)).map((d) => `${d.code}:${d.severity}`);
    assert.deepEqual(codes, ['SPL102:information', 'SPL103:error']);
    project.setLintConfig(undefined);
    assert.deepEqual(project.analyze(detection)!.diagnostics.filter((d) => d.code.startsWith('SPL1')), [], 'lint off');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('fix text is encoded for the scalar it goes into', () => {
  const yaml = (value: string) => {
    const text = `name: x\nsearch: ${value}\n`;
    const document = readSplDocument('/ws/detections/x.yml', text);
    return { document, search: document.searches[0] };
  };
  const single = yaml(`'index=a'`);
  assert.equal(encodeForFile(single.document, single.search, `like(x, "o'b")`), `like(x, "o''b")`);
  const double = yaml(`"index=a"`);
  assert.equal(encodeForFile(double.document, double.search, 'like(x, "C:\\\\a")'), 'like(x, \\"C:\\\\\\\\a\\")');
  const plain = yaml('index=a');
  assert.equal(encodeForFile(plain.document, plain.search, 'a #b'), undefined, 'a plain scalar would end at " #"');
  const block = yaml('|\n  index=a');
  assert.equal(encodeForFile(block.document, block.search, 'x\ny'), undefined, 'no line breaks into YAML');
  const spl = readSplDocument('/ws/a.spl', 'index=a');
  assert.equal(encodeForFile(spl, spl.searches[0], 'x\ny'), 'x\ny');
});
