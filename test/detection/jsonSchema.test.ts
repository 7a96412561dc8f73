// The JSON Schemas in schemas/ are the ones the model generates (UPDATE_GOLDEN=1 rewrites them), and they
// agree with the rules that read the same model: the valid fixtures pass, a wrong enum value or a missing key
// fails at its path, and over the 1,613 active corpus detections the schema rejects exactly the files whose
// keys or types SPL152 reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { detectionJsonSchema } from '../../server/src/detection/jsonSchema';
import { rules } from '../../server/src/lint/registry';
import type { RuleSetting } from '../../server/src/lint/config';
import { Project } from '../../server/src/workspace/project';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const root = resolve(__dirname, '../..');
const shared = parse(readFileSync(join(root, 'test/fixtures/lint/SPL152.yml'), 'utf8')) as { 'x-valid-escu4': string; 'x-valid-contentctl5': string };
const LAYOUTS = ['escu4', 'contentctl5'] as const;
const schemaPath = (layout: string) => join(root, 'schemas', `detection.${layout}.schema.json`);

for (const layout of LAYOUTS) {
  test(`schemas/detection.${layout}.schema.json is the generated schema`, () => {
    const expected = JSON.stringify(detectionJsonSchema(layout), null, 2) + '\n';
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(schemaPath(layout), expected);
    assert.ok(existsSync(schemaPath(layout)), 'missing: run UPDATE_GOLDEN=1 node test/run.mjs test/detection/jsonSchema');
    assert.equal(readFileSync(schemaPath(layout), 'utf8'), expected);
  });
}

const validator = (layout: string) => new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(schemaPath(layout), 'utf8')));

test('the valid fixtures pass their layout\'s schema; wrong values fail at their path', () => {
  const escu4 = validator('escu4');
  const contentctl5 = validator('contentctl5');
  assert.ok(escu4(parse(shared['x-valid-escu4'])), JSON.stringify(escu4.errors));
  assert.ok(contentctl5(parse(shared['x-valid-contentctl5'])), JSON.stringify(contentctl5.errors));
  assert.equal(escu4(parse(shared['x-valid-contentctl5'])), false, 'a contentctl 5 detection is not ESCU 4.x');
  const wrong = parse(shared['x-valid-escu4'].replace('type: TTP', 'type: TTPS').replace('  security_domain: endpoint\n', ''));
  assert.equal(escu4(wrong), false);
  assert.deepEqual(escu4.errors!.map((e) => `${e.instancePath} ${e.keyword}`).sort(), ['/tags required', '/type enum']);
});

test('over the corpus, the ESCU 4.x schema rejects exactly the files SPL152 reports', () => {
  const corpus = corpusPath('security_content');
  const project = Project.load([corpus]);
  const settings: Record<string, RuleSetting> = {};
  for (const rule of rules) if (rule.meta.id !== 'SPL152') settings[rule.meta.id] = 'off';
  project.setLintConfig({ rules: settings });
  const escu4 = validator('escu4');
  const rejected: string[] = [];
  const reported: string[] = [];
  for (const document of project.documents()) {
    const file = relative(corpus, document.path);
    if (document.kind !== 'detection' || file.startsWith('detections/deprecated/')) continue;
    // PyYAML reads an unquoted date as a date; the schema sees the string that JSON would carry.
    if (!escu4(parse(document.text, { schema: 'core' }))) rejected.push(file);
    if (project.analyze(document.path)!.diagnostics.some((d) => d.code === 'SPL152')) reported.push(file);
  }
  assert.equal(reported.length, 15);
  assert.deepEqual(rejected, reported);
});
