// Large documents built from real searches, for the language server's tests and bench: a
// savedsearches.conf of the given size whose stanzas hold the corpus detections' searches, in turn.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

/** The single-quoted `search:` of every corpus detection, decoded (one line each). */
function corpusSearches(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.yml')) files.push(join(dir, entry.name));
    }
  };
  walk(corpusPath('security_content', 'detections'));
  const searches: string[] = [];
  for (const file of files.sort()) {
    const quoted = /^search: '((?:[^']|'')*)'/m.exec(readFileSync(file, 'utf8'));
    if (quoted) searches.push(quoted[1].replace(/''/g, "'").replace(/\s*\n\s*/g, ' '));
  }
  return searches;
}

/** A savedsearches.conf of at least `characters` characters: one stanza per corpus search, repeated. */
export function largeSavedSearches(characters: number): { text: string; searches: number } {
  const searches = corpusSearches();
  const stanzas: string[] = [];
  let length = 0;
  while (length < characters) {
    const i = stanzas.length;
    const stanza = `[Saved search ${i}]\nsearch = ${searches[i % searches.length]}\ncron_schedule = 0 * * * *\n\n`;
    stanzas.push(stanza);
    length += stanza.length;
  }
  return { text: stanzas.join(''), searches: stanzas.length };
}
