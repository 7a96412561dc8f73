// The facts behind spl-detect evade: the event fields a variant rewrites cover every raw field the
// CIM mapping reads the process of Endpoint.Processes from; docs/evasion.md names every technique
// with its source and every recorded executable; the option characters stay lint's single table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import mappings from '../../server/data/cim-mappings.json';
import { fieldsOfRole, optionCharacters, RECORDED_EXECUTABLES, TECHNIQUES, type FieldRole } from '../../server/src/evasion/facts';

const ROLE_OF_CIM_FIELD: Record<string, FieldRole> = {
  process: 'commandLine', process_path: 'image', process_name: 'image', process_exec: 'image', original_file_name: 'originalFileName',
};
/** PowerShell 4104 maps `process` to the script block's text: no process start, nothing to vary. */
const NOT_PROCESS_STARTS = new Set(['powershell_script_block_logging_4104']);

test('every raw field behind process, process_path, process_name/exec and original_file_name of Endpoint.Processes is a field variants rewrite', () => {
  const missing: string[] = [];
  for (const rule of mappings.rules as { id: string; datasets: string[]; fields: Record<string, unknown> }[]) {
    if (!rule.datasets.includes('Endpoint.Processes') || NOT_PROCESS_STARTS.has(rule.id)) continue;
    for (const [cimField, role] of Object.entries(ROLE_OF_CIM_FIELD)) {
      const spec = rule.fields[cimField];
      for (const piece of (Array.isArray(spec) ? spec : spec === undefined ? [] : [spec]).filter((p): p is string => typeof p === 'string')) {
        const raw = piece.split('|')[0];
        if (!fieldsOfRole(role).includes(raw)) missing.push(`${rule.id}: ${cimField} <- ${raw}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test('docs/evasion.md lists every technique with its title and source, and every recorded executable with its source', () => {
  const doc = readFileSync(resolve(__dirname, '../../docs/evasion.md'), 'utf8');
  for (const t of TECHNIQUES) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${t.id}\` |`));
    assert.ok(row, `no row for ${t.id}`);
    assert.ok(row.includes(t.source.replace(/\|/g, '\\|')), `${t.id}: the source differs from facts.json`);
    assert.ok(row.includes(t.scope), `${t.id}: the scope differs from facts.json`);
  }
  for (const e of RECORDED_EXECUTABLES) assert.ok(doc.includes(`| ${e.programs.join(', ')} |`) && doc.includes(e.source), e.programs.join());
});

test('every executable with evasion facts has its option characters in lint\'s measured table (one list for both)', () => {
  for (const e of RECORDED_EXECUTABLES) {
    for (const program of e.programs) assert.ok(optionCharacters(program, 'y'), `${program} is not in server/src/lint/switchPrograms.ts`);
  }
  assert.deepEqual(optionCharacters('msiexec', 'y')?.prefixes, ['/', '-']);
});
