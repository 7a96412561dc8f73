// Reading lookup definitions and CSVs (server/src/engine/eval/lookupTables.ts): every definition of
// the security_content corpus opens or says why it cannot; CSV and match_type parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LookupError, LookupFolder, parseCsv, parseMatchTypes } from '../../../server/src/engine/eval/lookupTables';
import { CORPUS_LOOKUPS, FIXTURE_LOOKUPS } from './sourcesSupport';

test('every corpus lookup definition opens, or is a KV store collection or a model that has no CSV to read', () => {
  const folder = new LookupFolder(CORPUS_LOOKUPS);
  const outcome = { csv: 0, kvStore: 0, notCsv: 0 };
  for (const file of readdirSync(CORPUS_LOOKUPS).filter((f) => f.endsWith('.yml'))) {
    const definition = parse(readFileSync(join(CORPUS_LOOKUPS, file), 'utf8')) as { name: string };
    let table;
    try {
      table = folder.table(definition.name);
    } catch (error) {
      assert.ok(error instanceof LookupError, `${definition.name}: ${String(error)}`);
      if (/is a KV store collection/.test(error.message)) outcome.kvStore++;
      else if (/not a CSV file/.test(error.message)) outcome.notCsv++;
      else assert.fail(error.message);
      continue;
    }
    // Some tables are placeholders with a header only (baselines a search fills in).
    assert.ok(table.fields.length >= 1, `${definition.name} has a header`);
    assert.deepEqual(table.rows.filter((row) => row.length !== table.fields.length), [], `${definition.name}: a cell per column`);
    outcome.csv++;
  }
  assert.deepEqual(outcome, { csv: 50, kvStore: 24, notCsv: 5 });
});

test('definitions are found by their name: key, which may differ from the file name', () => {
  const folder = new LookupFolder(CORPUS_LOOKUPS);
  const table = folder.table('brandMonitoring_lookup');
  assert.equal(table.definition.file, join(CORPUS_LOOKUPS, 'brand_monitoring.csv'));
  assert.deepEqual([...table.definition.matchTypes], [['domain', 'WILDCARD']]);
  assert.throws(() => folder.table('brandmonitoring_lookup'), /not defined/);
});

test('transforms.conf defaults: case-sensitive, min_matches 0, max_matches 100, empty default_match', () => {
  const definition = new LookupFolder(FIXTURE_LOOKUPS).table('users').definition;
  assert.deepEqual(
    { caseSensitive: definition.caseSensitive, minMatches: definition.minMatches, maxMatches: definition.maxMatches, defaultMatch: definition.defaultMatch },
    { caseSensitive: true, minMatches: 0, maxMatches: 100, defaultMatch: '' },
  );
  assert.throws(() => new LookupFolder(join(FIXTURE_LOOKUPS, 'no-such-folder')).table('users'), /there is no lookups folder/);
});

test('match_type lists as the corpus writes them', () => {
  assert.deepEqual([...parseMatchTypes('WILDCARD(library),WILDCARD(excludes)')], [['library', 'WILDCARD'], ['excludes', 'WILDCARD']]);
  assert.deepEqual([...parseMatchTypes('WILDCARD(browser_process_name), WILDCARD(browser_object_path)')], [['browser_process_name', 'WILDCARD'], ['browser_object_path', 'WILDCARD']]);
  assert.deepEqual([...parseMatchTypes('CIDR(net), EXACT(user)')], [['net', 'CIDR'], ['user', 'EXACT']]);
});

test('CSV: BOM, CRLF, quoted commas, doubled quotes and line breaks, blank lines, no final line break', () => {
  assert.deepEqual(parseCsv('\uFEFFa,b\r\n1,"x, ""y"""\r\n\r\n"multi\nline",\n3,4'), [['a', 'b'], ['1', 'x, "y"'], ['multi\nline', ''], ['3', '4']]);
  assert.deepEqual(parseCsv(''), []);
});
