// Rules that read a whole detection file (keys, required_fields, the filter macro) need cases that are
// whole YAML files, which the search-only fixture harness cannot write: they sit under `files:` in the
// same fixture files (test/fixtures/lint/<ID>.yml) and run here, with exact line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LineIndex } from '../../server/src/text/lineIndex';
import { applyFix, lintWorkspace, macroFile } from './lintHarness';

// Read here rather than imported from fixtures.test.ts, which would register its tests a second time.
const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'lint');

interface FileFinding {
  text: string;
  /** 1-based, as editors show them. */
  line?: number;
  column?: number;
  severity?: string;
  message?: string;
  /** The whole file after applying the finding's fix. */
  fixed?: string;
}

interface FileCase {
  name: string;
  file: string;
  macros?: Record<string, string>;
  findings?: FileFinding[];
}

const PATH = 'detections/endpoint/fixture_file.yml';

function run(rule: string, item: FileCase) {
  const files: Record<string, string> = { [PATH]: item.file };
  for (const [name, definition] of Object.entries(item.macros ?? {})) files[`macros/${name}.yml`] = macroFile(name, definition);
  return lintWorkspace({ files, only: [rule] }, PATH);
}

for (const file of readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.yml')).sort()) {
  const fixture = parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) as { rule: string; files?: { fires?: FileCase[]; ok?: FileCase[] } };
  for (const item of fixture.files?.fires ?? []) {
    test(`${fixture.rule} fires on a file: ${item.name}`, () => {
      const { text, diagnostics } = run(fixture.rule, item);
      const expected = item.findings ?? [];
      assert.ok(expected.length > 0, 'a fires case lists its findings');
      assert.deepEqual(diagnostics.map((d) => text.slice(d.span.start, d.span.end)), expected.map((f) => f.text), 'reported texts');
      const lines = new LineIndex(text);
      expected.forEach((want, i) => {
        const got = diagnostics[i];
        const position = lines.positionAt(got.span.start);
        assert.equal(got.code, fixture.rule);
        if (want.line !== undefined) assert.equal(position.line + 1, want.line, 'line');
        if (want.column !== undefined) assert.equal(position.character + 1, want.column, 'column');
        if (want.severity) assert.equal(got.severity, want.severity);
        if (want.message) assert.ok(got.message.includes(want.message), `message "${got.message}" lacks "${want.message}"`);
        if (want.fixed !== undefined) {
          assert.ok(got.fix, 'a fix is expected');
          assert.equal(applyFix(text, got), want.fixed);
        }
      });
    });
  }
  for (const item of fixture.files?.ok ?? []) {
    test(`${fixture.rule} ok on a file: ${item.name}`, () => {
      assert.deepEqual(run(fixture.rule, item).diagnostics.map((d) => d.message), []);
    });
  }
}
