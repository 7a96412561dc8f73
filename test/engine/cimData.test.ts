import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CimCatalogue } from '../../server/src/cim/catalogue';

const root = resolve(__dirname, '../..');

test('server/data/cim.json is exactly what scripts/generate-cim.mjs makes from the shared CIM CSV', async () => {
  const generator = await import(resolve(root, 'scripts/generate-cim.mjs'));
  const expected = generator.buildCim(readFileSync(generator.cimCsvPath, 'utf8'));
  const shipped = JSON.parse(readFileSync(resolve(root, 'server/data/cim.json'), 'utf8'));
  assert.deepEqual(shipped, expected, 'regenerate with: node scripts/generate-cim.mjs');
  const rows = generator.parseCsv(readFileSync(generator.cimCsvPath, 'utf8')).length - 1;
  const fields = Object.values(expected.models as Record<string, { datasets: Record<string, { fields: unknown[] }> }>)
    .flatMap((m) => Object.values(m.datasets))
    .reduce((n, d) => n + d.fields.length, 0);
  assert.equal(fields, rows, 'every CSV row became a field');
});

test('the catalogue answers the questions lint and the engine ask', () => {
  const cim = new CimCatalogue();
  const processes = cim.dataset('Endpoint', 'Processes')!;
  assert.equal(processes.lineage, 'Processes');
  const names = cim.fieldsOf(processes).map((f) => f.name);
  for (const name of ['process', 'process_name', 'original_file_name', 'parent_process_name', 'dest', 'user', '_time']) {
    assert.ok(names.includes(name), name);
  }
  assert.ok(!names.includes('orig_process_name'), 'orig_process_name is not a CIM field (a known corpus finding)');
  assert.match(cim.field(processes, 'process_name')!.expression!, /unknown/);
  const accountManagement = cim.dataset('Change', 'Account_Management')!;
  assert.equal(accountManagement.lineage, 'All_Changes.Account_Management');
  assert.ok(cim.fieldsOf(accountManagement).some((f) => f.name === 'object_category'), 'inherits from All_Changes');
  assert.equal(cim.dataset('Network_Traffic')!.name, 'All_Traffic');
  assert.equal(cim.hasModel('Risk'), false, 'Risk is an ES model, not in CIM 8.5');
});
