// Generates server/data/cim-mappings.json: which raw events belong to which CIM dataset and how
// their fields map, from the corpus' security_content/data_sources/*.yml `field_mappings`
// (data_model: cim) plus the cited, hand-written server/data/cim-mappings.supplement.json.
// test/engine/cimMappingsData.test.ts checks the shipped file matches. Run: node scripts/generate-cim-mappings.mjs
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { corpusPath } from './corpus/locate.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const dataSourcesDir = corpusPath('security_content', 'data_sources');
export const supplementPath = resolve(root, 'server/data/cim-mappings.supplement.json');
export const mappingsPath = resolve(root, 'server/data/cim-mappings.json');

/** Corpus spelling `Image|endswith` (Sigma's modifier) means the basename of Image. */
function corpusSpec(rawField) {
  return rawField.replace(/\|endswith$/, '|basename');
}

function familyMatch(supplement, family, where) {
  const f = supplement.families[family];
  if (!f) throw new Error(`${where}: unknown family ${JSON.stringify(family)}`);
  return { sources: f.sources, sourcetypes: f.sourcetypes, channels: f.channels };
}

/** `Windows Event Log Security 4688` with separator EventCode -> { field: 'EventCode', values: ['4688'] }. */
function derivedMatch(dataSource) {
  const last = String(dataSource.name).trim().split(/\s+/).pop();
  const separator = dataSource.separator;
  if (!separator || !last) return {};
  const field = separator === 'EventID' ? 'EventCode' : separator;
  return { field, values: [last] };
}

/** The Windows channel of a `XmlWinEventLog:Security` / `WinEventLog:Security` source, else undefined. */
function windowsChannel(source) {
  const match = /^(?:Xml)?WinEventLog:(.+)$/i.exec(String(source ?? ''));
  return match ? match[1] : undefined;
}

/** The families (in the supplement's order) whose source or sourcetype is the data source's (ignoring case). */
function familiesOf(supplement, doc) {
  const source = String(doc.source ?? '').toLowerCase();
  const sourcetype = String(doc.sourcetype ?? '').toLowerCase();
  return Object.entries(supplement.families)
    .filter(([, f]) => f.sources.some((s) => s.toLowerCase() === source) || f.sourcetypes.some((s) => s.toLowerCase() === sourcetype))
    .map(([name]) => name);
}

/**
 * Rules for the add-on fields a data source's `fields` list names: for each data source, the fields it
 * lists that the supplement's `listedFields` defines for one of its families (the most specific family's
 * definition wins), matched like the data source (its family, or for a Windows channel no family
 * covers, its source and Channel) and its discriminating value (`separator`: the event id, or the name
 * after the family's `namePrefix`, such as the eventName of `AWS CloudTrail CreateAccessKey`).
 */
function listedFieldRules(dataSources, supplement) {
  const definitions = supplement.listedFields.families;
  const rules = [];
  for (const { file, doc } of dataSources) {
    const families = familiesOf(supplement, doc).filter((family) => definitions[family]);
    if (families.length === 0) continue;
    const listed = new Set(doc.fields ?? []);
    const fields = {};
    for (const family of families) {
      for (const [name, spec] of Object.entries(definitions[family].fields)) {
        if (spec?.table !== undefined && !supplement.listedFields.tables[spec.table]) throw new Error(`listedFields.${family}.${name}: unknown table ${JSON.stringify(spec.table)}`);
        if (listed.has(name)) fields[name] = spec;
      }
    }
    if (Object.keys(fields).length === 0) continue;
    const specific = families[families.length - 1];
    const prefix = definitions[specific].namePrefix;
    const suffix = prefix !== undefined && String(doc.name).startsWith(prefix) ? String(doc.name).slice(prefix.length).trim() : undefined;
    const separator = doc.separator === 'EventID' ? 'EventCode' : doc.separator;
    // Without a prefix, only an event id closing the name discriminates (`... Security 4624`, not `... Alerts`).
    const byNumber = /\s\d+$/.test(String(doc.name).trim()) ? derivedMatch(doc) : {};
    const discriminator = prefix === undefined ? byNumber : suffix && separator ? { field: separator, values: [suffix] } : {};
    const channel = windowsChannel(doc.source);
    const ownSource = supplement.families[specific].sources.length === 0 && supplement.families[specific].channels.length === 0 && channel;
    const match = ownSource ? { sources: [doc.source], sourcetypes: [], channels: [channel] } : familyMatch(supplement, specific, file);
    rules.push({
      id: `${file.replace(/\.ya?ml$/, '')}_listed_fields`,
      name: `${doc.name} (fields its data source lists)`,
      origin: 'supplement',
      cite: `names: corpus data_sources/${file} fields; values: the cites of cim-mappings.supplement.json listedFields.families.{${families.join(', ')}}`,
      match: { ...match, ...discriminator },
      datasets: [],
      fields,
    });
  }
  return rules;
}

export function buildMappings(dataSources, supplement) {
  const corpusRules = [];
  for (const { file, doc } of dataSources) {
    for (const mapping of doc.field_mappings ?? []) {
      if (mapping.data_model !== 'cim' || !mapping.data_set) continue;
      const id = file.replace(/\.ya?ml$/, '');
      const extra = supplement.corpusRules[id];
      if (!extra) throw new Error(`data_sources/${file}: add a corpusRules entry (family) to the supplement`);
      const datasetName = mapping.data_set.split('.').pop();
      const fields = {};
      for (const [raw, cim] of Object.entries(mapping.mapping)) {
        const [prefix, ...rest] = String(cim).split('.');
        if (prefix !== datasetName || rest.length !== 1) throw new Error(`data_sources/${file}: ${cim} is not a ${datasetName} field`);
        fields[rest[0]] = corpusSpec(raw);
      }
      corpusRules.push({
        id,
        name: doc.name,
        origin: 'corpus',
        cite: `corpus data_sources/${file} field_mappings${extra.cite ? `; supplement: ${extra.cite}` : ''}`,
        match: { ...familyMatch(supplement, extra.family, id), ...derivedMatch(doc), ...(extra.match ?? {}) },
        datasets: [mapping.data_set],
        fields: { ...fields, ...(extra.fields ?? {}) },
      });
    }
  }
  const supplementRules = supplement.rules.map((rule) => ({
    id: rule.id,
    name: rule.name,
    origin: 'supplement',
    cite: rule.cite,
    match: { ...familyMatch(supplement, rule.family, rule.id), ...(rule.match ?? {}) },
    datasets: rule.datasets,
    fields: rule.fields,
  }));
  // Listed-field rules first: the CIM rules' own definitions of a name then win over them.
  const all = [...listedFieldRules(dataSources, supplement), ...corpusRules, ...supplementRules];
  // Family-wide rules first: a specific rule's fields then override the common ones.
  const ordered = [...all.filter((r) => r.match.field === undefined && r.datasets.length === 0), ...all.filter((r) => !(r.match.field === undefined && r.datasets.length === 0))];
  return {
    source: 'Generated by scripts/generate-cim-mappings.mjs from security_content data_sources field_mappings (Apache-2.0) and server/data/cim-mappings.supplement.json',
    rules: ordered,
    rexInputs: supplement.rexInputs,
    // Lookup tables field specs name (`{"from": F, "table": T}`), written once.
    tables: supplement.listedFields.tables,
  };
}

export function loadInputs() {
  const dataSources = readdirSync(dataSourcesDir)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((file) => ({ file, doc: parse(readFileSync(resolve(dataSourcesDir, file), 'utf8')) }));
  const supplement = JSON.parse(readFileSync(supplementPath, 'utf8'));
  return { dataSources, supplement };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { dataSources, supplement } = loadInputs();
  const mappings = buildMappings(dataSources, supplement);
  writeFileSync(mappingsPath, JSON.stringify(mappings, null, 1) + '\n');
  console.log(`wrote ${mappingsPath}: ${mappings.rules.length} rules`);
}
