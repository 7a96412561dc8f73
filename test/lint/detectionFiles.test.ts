// Rules that read a whole detection file (keys, required_fields, the filter macro) need cases that are
// whole YAML files, which the search-only fixture harness cannot write: they sit under `files:` in the
// same fixture files (test/fixtures/lint/<ID>.yml) and run here, with exact line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LineIndex } from '../../server/src/text/lineIndex';
import { applyFix, lintWorkspace, macroFile, ROOT } from './lintHarness';

// Read here rather than imported from fixtures.test.ts, which would register its tests a second time.
const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'lint');

interface FileFinding {
  text: string;
  /** 1-based, as editors show them. */
  line?: number;
  column?: number;
  severity?: string;
  message?: string;
  /** The whole file after applying the finding's fix; null: the finding has no fix. */
  fixed?: string | null;
  /** The finding's line after applying its fix. */
  fixedLine?: string;
  /** Applying the fix gives back the case's `from` text (the fix undoes the replacement). */
  restores?: boolean;
  /** The fix renames the file to this path (relative to the fixture workspace). */
  renameTo?: string;
  /** A related location's file ends with this path. */
  relatedFile?: string;
}

interface FileCase {
  name: string;
  /** The file; or `from` (a shared text) with `replace` applied, each pair's first text occurring once. */
  file?: string;
  from?: string;
  replace?: [string, string][];
  /** Where the file sits in the fixture workspace (default detections/endpoint/fixture_file.yml). */
  path?: string;
  macros?: Record<string, string>;
  /** Other files of the workspace by relative path: data sources, stories, other detections. */
  workspace?: Record<string, string>;
  /** An ATT&CK STIX bundle for SPL157, as YAML data (written out as JSON). */
  attack?: unknown;
  findings?: FileFinding[];
}

const PATH = 'detections/endpoint/fixture_file.yml';

function fileOf(item: FileCase): string {
  if (item.file !== undefined) return item.file;
  assert.ok(item.from !== undefined, `${item.name}: a case has a file or a from`);
  let text = item.from;
  for (const [from, to] of item.replace ?? []) {
    assert.equal(text.split(from).length, 2, `${item.name}: "${from}" occurs exactly once`);
    text = text.replace(from, () => to);
  }
  return text;
}

function run(rule: string, item: FileCase) {
  const path = item.path ?? PATH;
  const files: Record<string, string> = { ...(item.workspace ?? {}), [path]: fileOf(item) };
  for (const [name, definition] of Object.entries(item.macros ?? {})) files[`macros/${name}.yml`] = macroFile(name, definition);
  return lintWorkspace({ files, only: [rule], ...(item.attack !== undefined ? { attack: JSON.stringify(item.attack) } : {}) }, path);
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
        if (want.fixed === null) assert.equal(got.fix, undefined, 'no fix expected');
        else if (want.fixed !== undefined) {
          assert.ok(got.fix, 'a fix is expected');
          assert.equal(applyFix(text, got), want.fixed);
        }
        if (want.fixedLine !== undefined) {
          assert.ok(got.fix, 'a fix is expected');
          assert.equal(applyFix(text, got).split('\n')[position.line], want.fixedLine);
        }
        if (want.restores) {
          assert.ok(got.fix, 'a fix is expected');
          assert.equal(applyFix(text, got), item.from);
        }
        if (want.renameTo !== undefined) assert.equal(got.fix?.renameTo, `${ROOT}/${want.renameTo}`, 'the fix renames the file');
        if (want.relatedFile !== undefined) {
          assert.ok(got.related?.some((r) => r.file?.endsWith(want.relatedFile!)), `a related location in ${want.relatedFile}`);
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
