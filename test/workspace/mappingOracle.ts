import type { EmbeddedSearch } from '../../server/src/text/embeddedSearch';

/** YAML 1.2 double-quoted escapes (spec section 5.7), written out independently of the decoder. */
const YAML_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function decodeEscape(source: string): string | undefined {
  if (source[0] !== '\\') return undefined;
  const kind = source[1];
  const hexLength = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const hex = source.slice(2);
    if (hex.length !== hexLength || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
    return String.fromCodePoint(parseInt(hex, 16));
  }
  return source.length === 2 && Object.prototype.hasOwnProperty.call(YAML_ESCAPES, kind) ? YAML_ESCAPES[kind] : undefined;
}

const LINE_BREAK = /^\r?\n$/;
const CONF_CONTINUATION = /^\\\r?\n$/;
const IGNORABLE_GAP = /^(?:[ \t\r\n]|\\\r?\n)*$/;

/**
 * Checks, independently of the decoder, that every character of `search.text` maps to file text
 * that writes exactly that character: itself, a `''`, a YAML escape, a folded line break, or a
 * .conf `\` continuation; that sources come in file order without overlap; and that whatever the
 * decoded text skips between two characters is only white space, line breaks or escaped breaks.
 * Returns the problems found (empty when the map is exact).
 */
export function mappingProblems(file: string, search: EmbeddedSearch, limit = 5): string[] {
  const problems: string[] = [];
  const { text } = search;
  let previousEnd = -1;
  let i = 0;
  while (i < text.length && problems.length < limit) {
    const start = search.toFileOffset(i);
    const end = search.charEndInFile(i);
    let j = i + 1;
    while (j < text.length && search.toFileOffset(j) === start && search.charEndInFile(j) === end) j++;
    const decoded = text.slice(i, j);
    const source = file.slice(start, end);
    const where = `${search.label} char ${i} ${JSON.stringify(decoded)} <- file[${start},${end}) ${JSON.stringify(source)}`;
    const ok =
      (source === decoded && decoded.length === 1) ||
      (source === "''" && decoded === "'") ||
      (decoded.length <= 2 && decodeEscape(source) === decoded) ||
      (LINE_BREAK.test(source) && (decoded === ' ' || decoded === '\n')) ||
      (CONF_CONTINUATION.test(source) && decoded === '\n') ||
      (source === '' && decoded === '\n' && start === search.fileSpan.end);
    if (!ok) problems.push(`source does not write the character: ${where}`);
    if (start < search.fileSpan.start || end > search.fileSpan.end) problems.push(`outside the value: ${where}`);
    if (previousEnd >= 0) {
      if (start < previousEnd) problems.push(`overlaps the previous character: ${where}`);
      else if (!IGNORABLE_GAP.test(file.slice(previousEnd, start))) {
        problems.push(`skips ${JSON.stringify(file.slice(previousEnd, start))} before: ${where}`);
      }
    }
    previousEnd = end;
    i = j;
  }
  if (text.length > 0 && search.toFileOffset(text.length) !== search.charEndInFile(text.length - 1)) {
    problems.push(`${search.label}: toFileOffset(length) is not the end of the last character`);
  }
  return problems;
}
