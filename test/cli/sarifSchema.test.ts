import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const root = resolve(__dirname, '../..');
// The OASIS SARIF 2.1.0 schema (rtm.5, the version GitHub code scanning reads), shipped in @microsoft/jest-sarif.
const schema = JSON.parse(readFileSync(join(root, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

interface SarifLog {
  runs: {
    results: {
      ruleId: unknown;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
    }[];
  }[];
}

function sarifOf(...paths: string[]): SarifLog {
  const result = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), 'check', ...paths, '--format', 'sarif'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(result.stdout);
}

test('check --format sarif validates against the SARIF 2.1.0 schema, with what GitHub code scanning needs', () => {
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  const corpus = corpusPath('security_content', 'detections', 'endpoint');
  for (const log of [sarifOf('test/fixtures/cli/broken'), sarifOf('samples'), sarifOf(corpus)]) {
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    const run = log.runs[0];
    assert.ok(run.results.length > 0);
    for (const result of run.results) {
      // GitHub requires a rule id, a message and a physical location with a 1-based start line.
      assert.equal(typeof result.ruleId, 'string');
      assert.ok(result.message.text.length > 0);
      const location = result.locations[0].physicalLocation;
      const { uri, uriBaseId } = location.artifactLocation;
      assert.ok(uriBaseId === '%SRCROOT%' ? !uri.startsWith('/') : uri.startsWith('file:///'), uri);
      assert.ok(location.region.startLine >= 1);
    }
  }
});
