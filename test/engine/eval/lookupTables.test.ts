// Reading lookup definitions and CSVs (server/src/engine/eval/lookupTables.ts): every definition of
// the security_content corpus opens or says why it cannot; CSV and match_type parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LookupError, LookupFolder, parseCsv, parseMatchTypes } from '../../../server/src/engine/eval/lookupTables';
import { CORPUS_LOOKUPS, FIXTURE_LOOKUPS } from './sourcesSupport';

test('every corpus lookup definition opens (KV store collections empty, with their fields_list), or is a model that has no CSV to read', () => {
  const folder = new LookupFolder(CORPUS_LOOKUPS);
  const outcome = { csv: 0, kvStore: 0, notCsv: 0 };
  for (const file of readdirSync(CORPUS_LOOKUPS).filter((f) => f.endsWith('.yml'))) {
    const definition = parse(readFileSync(join(CORPUS_LOOKUPS, file), 'utf8')) as { name: string; collection?: string; fields_list?: string };
    let table;
    try {
      table = folder.table(definition.name);
    } catch (error) {
      assert.ok(error instanceof LookupError, `${definition.name}: ${String(error)}`);
      if (/not a CSV file/.test(error.message)) outcome.notCsv++;
      else assert.fail(error.message);
      continue;
    }
    if (definition.collection) {
      // The corpus ships no data for its collections: each reads as empty, with its declared fields and a note.
      assert.deepEqual(table.rows, [], definition.name);
      assert.deepEqual(table.fields, definition.fields_list!.split(',').map((f) => f.trim()), definition.name);
      assert.match(table.note ?? '', new RegExp(`is the KV store collection ${definition.collection}, which has no local data: it is read as empty`));
      outcome.kvStore++;
      continue;
    }
    // Some tables are placeholders with a header only (baselines a search fills in).
    assert.ok(table.fields.length >= 1, `${definition.name} has a header`);
    assert.deepEqual(table.rows.filter((row) => row.length !== table.fields.length), [], `${definition.name}: a cell per column`);
    assert.equal(table.note, undefined);
    outcome.csv++;
  }
  assert.deepEqual(outcome, { csv: 50, kvStore: 24, notCsv: 5 });
});

test('a KV store collection reads <collection>.csv next to its definition when the workspace has one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spl-kvstore-'));
  try {
    writeFileSync(join(dir, 'seen.yml'), 'name: seen_lookup\ncollection: seen_collection\nfields_list: _key, user, firstTimeSeen\n');
    writeFileSync(join(dir, 'seen_collection.csv'), 'user,firstTimeSeen\nbob,1700000000\n');
    writeFileSync(join(dir, 'nofields.yml'), 'name: nofields\ncollection: nofields\n');
    const folder = new LookupFolder(dir);
    const table = folder.table('seen_lookup');
    assert.deepEqual([table.fields, table.rows, table.note], [['user', 'firstTimeSeen'], [['bob', '1700000000']], undefined]);
    assert.throws(() => folder.table('nofields'), /lookup 'nofields' is a KV store collection \(nofields\) without fields_list: its fields are unknown/);
    // The names a search may use (completion): definitions, then CSV files no definition reads.
    writeFileSync(join(dir, 'other.csv'), 'a\n1\n');
    assert.deepEqual(new LookupFolder(dir).names().map((n) => [n.name, n.definition ? 'defined' : n.problem ? 'problem' : 'csv']), [
      ['nofields', 'problem'],
      ['other.csv', 'csv'],
      ['seen_lookup', 'defined'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
