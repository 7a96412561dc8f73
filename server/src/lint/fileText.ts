/**
 * Writing SPL back into the file it came from: a fix's new text must be encoded the way the file
 * encodes the search (YAML single quotes double `'`, double quotes escape `\` and `"`), or the fix
 * would change the YAML instead of the SPL.
 */
import type { SplDocument } from '../workspace/documents';
import type { EmbeddedSearch } from '../text/embeddedSearch';

/** `newText` as it must be written in the file at the search's place, or undefined when unsafe. */
export function encodeForFile(document: SplDocument, search: EmbeddedSearch, newText: string): string | undefined {
  if (search.approximate) return undefined;
  if (document.kind === 'spl') return newText;
  if (newText.includes('\n') || newText.includes('\r')) return undefined;
  if (document.kind === 'macros-conf' || document.kind === 'savedsearches-conf') {
    return newText.endsWith('\\') ? undefined : newText;
  }
  const opener = document.text.charAt(search.fileSpan.start);
  if (opener === "'") return newText.split("'").join("''");
  if (opener === '"') return encodeDoubleQuoted(newText);
  if (opener === '|' || opener === '>') return newText;
  // A plain scalar ends at ` #` and breaks at `: `; anything else is written as is.
  return / #|: /.test(newText) ? undefined : newText;
}

function encodeDoubleQuoted(text: string): string | undefined {
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\t') out += '\\t';
    else if (ch.charCodeAt(0) < 0x20) return undefined;
    else out += ch;
  }
  return out;
}
