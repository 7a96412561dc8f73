// Generates server/data/cim.json from the corpus' cim/splunk_data_model_objects_fields_850.csv
// (CIM 8.5.0, Apache-2.0). The product ships the JSON; test/engine/cimData.test.ts checks it matches
// the CSV, so it cannot drift. Run: node scripts/generate-cim.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusPath } from './corpus/locate.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cimCsvPath = corpusPath('cim', 'splunk_data_model_objects_fields_850.csv');
export const cimJsonPath = resolve(root, 'server/data/cim.json');

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field.length > 0 || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

export function buildCim(csvText) {
  const [header, ...rows] = parseCsv(csvText);
  const col = Object.fromEntries(header.map((name, i) => [name, i]));
  const models = {};
  for (const r of rows) {
    if (r.length < header.length) continue;
    const model = (models[r[col.model]] ??= { datasets: {} });
    const lineage = r[col.owner].replace(/^(BaseEvent|BaseSearch)\./, '');
    const dataset = (model.datasets[r[col.object_name]] ??= {
      parent: r[col.parentName],
      lineage,
      constraints: r[col.constraints],
      fields: [],
    });
    dataset.fields.push({
      name: r[col.field_name],
      type: r[col.type],
      ...(r[col.calculation_type] ? { calculation: r[col.calculation_type], expression: r[col.expression] } : {}),
      ...(r[col.description] ? { description: r[col.description] } : {}),
    });
  }
  return { source: 'Splunk CIM 8.5.0 (splunk_data_model_objects_fields_850.csv), Apache-2.0', models };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cim = buildCim(readFileSync(cimCsvPath, 'utf8'));
  writeFileSync(cimJsonPath, JSON.stringify(cim) + '\n');
  const datasets = Object.values(cim.models).reduce((n, m) => n + Object.keys(m.datasets).length, 0);
  console.log(`wrote ${cimJsonPath}: ${Object.keys(cim.models).length} models, ${datasets} datasets`);
}
