// Every rule's fixture file (test/fixtures/lint/<ID>.yml): searches the rule reports, with the exact
// reported text, severity, message and fixed text, and searches it leaves alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { applyFix, lintWorkspace, macroFile } from './lintHarness';

interface ExpectedFinding {
  /** The file text the diagnostic covers. */
  text: string;
  severity?: string;
  /** Substrings of the message. */
  message?: string | string[];
  /** The search after applying the fix; `null`: the finding must have no fix. */
  fix?: string | null;
  /** A related location's file name must contain this (a finding inside a macro). */
  relatedFile?: string;
}

interface Case {
  name?: string;
  search: string;
  /** File path relative to the fixture workspace; `.spl` by default. A detection path wraps the search in YAML. */
  path?: string;
  macros?: Record<string, string>;
  config?: { rules: Record<string, unknown> };
  findings?: ExpectedFinding[];
}

interface Fixture {
  rule: string;
  fires: Case[];
  ok: Array<string | Case>;
}

export const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'lint');

export function loadFixture(file: string): Fixture {
  return parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) as Fixture;
}

function detectionYaml(search: string): string {
  return `name: Fixture Detection\nid: 00000000-0000-0000-0000-000000000000\nsearch: '${search.replace(/'/g, "''")}'\n`;
}

function run(rule: string, item: Case) {
  const path = item.path ?? 'search.spl';
  const files: Record<string, string> = { [path]: path.endsWith('.spl') ? item.search : detectionYaml(item.search) };
  for (const [name, definition] of Object.entries(item.macros ?? {})) files[`macros/${name}.yml`] = macroFile(name, definition);
  return lintWorkspace({ files, only: [rule], ...(item.config ? { config: item.config as never } : {}) }, path);
}

for (const file of readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.yml')).sort()) {
  const fixture = loadFixture(file);
  test(`${fixture.rule}: fixture ${file} names its rule`, () => assert.equal(file, `${fixture.rule}.yml`));
  fixture.fires.forEach((item, i) => {
    test(`${fixture.rule} fires: ${item.name ?? item.search}`, () => {
      const { text, diagnostics } = run(fixture.rule, item);
      const expected = item.findings ?? [];
      assert.ok(expected.length > 0, `fires case ${i} must list its findings`);
      assert.deepEqual(
        diagnostics.map((d) => text.slice(d.span.start, d.span.end)),
        expected.map((f) => f.text),
        'reported texts',
      );
      expected.forEach((want, k) => {
        const got = diagnostics[k];
        assert.equal(got.code, fixture.rule);
        assert.ok(got.docUrl?.endsWith(`/${fixture.rule}.md`), `docUrl ${got.docUrl}`);
        if (want.severity) assert.equal(got.severity, want.severity);
        for (const part of [want.message ?? []].flat()) assert.ok(got.message.includes(part), `message "${got.message}" lacks "${part}"`);
        if (want.fix === null) assert.equal(got.fix, undefined, 'no fix expected');
        else if (want.fix !== undefined) {
          assert.ok(got.fix, 'a fix is expected');
          const fixed = applyFix(text, got);
          const expectedText = (item.path ?? 'search.spl').endsWith('.spl') ? want.fix : detectionYaml(want.fix);
          assert.equal(fixed, expectedText);
        }
        if (want.relatedFile) assert.ok(got.related?.some((r) => r.file?.includes(want.relatedFile!)), 'related location in the macro file');
      });
    });
  });
  fixture.ok.forEach((entry) => {
    const item: Case = typeof entry === 'string' ? { search: entry } : entry;
    test(`${fixture.rule} ok: ${item.name ?? item.search}`, () => {
      const { diagnostics, errors } = run(fixture.rule, item);
      // A search with errors is not linted at all, so it would prove nothing here.
      assert.deepEqual(errors.map((d) => d.message), [], 'the OK search must be valid');
      assert.deepEqual(diagnostics.map((d) => d.message), []);
    });
  });
}
