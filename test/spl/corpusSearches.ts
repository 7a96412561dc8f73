/** Reads every SPL string of Splunk's security_content corpus (detections, drilldowns, macros). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

export const CORPUS = corpusPath('security_content');

export interface CorpusSearch {
  file: string;
  label: string;
  text: string;
  fragment: boolean;
  production: boolean;
}

function yamlFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...yamlFiles(path));
    else if (name.endsWith('.yml') || name.endsWith('.yaml')) found.push(path);
  }
  return found;
}

/** Reads every SPL string of the corpus; files the yaml package cannot read are counted, not parsed. */
export function collectCorpus(): { searches: CorpusSearch[]; unreadable: string[] } {
  const searches: CorpusSearch[] = [];
  const unreadable: string[] = [];
  const read = (path: string): Record<string, unknown> | null => {
    try {
      return parseYaml(readFileSync(path, 'utf8')) as Record<string, unknown>;
    } catch {
      unreadable.push(relative(CORPUS, path));
      return null;
    }
  };
  for (const path of yamlFiles(join(CORPUS, 'detections'))) {
    const doc = read(path);
    if (!doc) continue;
    const file = relative(CORPUS, path);
    const production = !file.includes('/deprecated/');
    if (typeof doc.search === 'string') searches.push({ file, label: 'search', text: doc.search, fragment: false, production });
    const drilldowns = Array.isArray(doc.drilldown_searches) ? doc.drilldown_searches : [];
    drilldowns.forEach((drilldown: { search?: unknown }, index: number) => {
      if (typeof drilldown?.search === 'string') searches.push({ file, label: `drilldown_searches[${index}].search`, text: drilldown.search, fragment: false, production });
    });
  }
  for (const path of yamlFiles(join(CORPUS, 'macros'))) {
    const doc = read(path);
    if (!doc || doc.definition === undefined || doc.definition === null) continue;
    searches.push({ file: relative(CORPUS, path), label: 'definition', text: String(doc.definition), fragment: true, production: true });
  }
  return { searches, unreadable };
}

