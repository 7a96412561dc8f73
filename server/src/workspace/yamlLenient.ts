import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import { DOC } from './docCodes';
import type { DocumentSymbolInfo, SplDocument } from './documents';
import type { EmbeddedSearch } from '../text/embeddedSearch';
import { diag } from './yamlDocument';
import { mapYamlSpans } from './yamlTree';

/**
 * Recovery for one layout that YAML 1.2 rejects but PyYAML (which contentctl uses) accepts: a
 * quoted value whose continuation lines are not indented more than its key, e.g.
 *
 *     definition: 'eval x=1
 *     | eval y=2'
 *
 * (security_content's macros/base64decode.yml is written this way). The `yaml` package stops the
 * string at the first such line. Here those lines get the missing indentation in a repaired copy,
 * which is parsed instead when that gives fewer errors; every offset is then mapped back to the
 * file, and each repaired line gets a DOC006 warning.
 */

interface Insertion {
  /** File offset where spaces were inserted. */
  at: number;
  length: number;
}

export interface RepairedYaml {
  text: string;
  insertions: Insertion[];
}

const QUOTED_VALUE = /^( *)((?:- +)*)([^\s#'"][^:#]*?):[ \t]+(['"])/;

/** Indents the under-indented continuation lines of multi-line quoted values. */
export function repairQuotedContinuations(text: string): RepairedYaml {
  const lines = text.split('\n');
  const insertions: Insertion[] = [];
  let offset = 0;
  const lineStarts = lines.map((line) => {
    const start = offset;
    offset += line.length + 1;
    return start;
  });
  for (let i = 0; i < lines.length; i++) {
    const match = QUOTED_VALUE.exec(lines[i]);
    if (!match) continue;
    const keyColumn = match[1].length + match[2].length;
    const quote = match[4];
    let column = match[0].length;
    let lineIndex = i;
    let closed = closingQuote(lines[lineIndex], column, quote);
    const pending: Insertion[] = [];
    while (closed === -1 && lineIndex + 1 < lines.length) {
      lineIndex++;
      const line = lines[lineIndex];
      const indent = /^ */.exec(line)![0].length;
      if (line.trim() !== '' && indent <= keyColumn) pending.push({ at: lineStarts[lineIndex], length: keyColumn + 1 - indent });
      column = 0;
      closed = closingQuote(line, column, quote);
    }
    if (closed === -1) break;
    insertions.push(...pending);
    i = lineIndex;
  }
  let repaired = '';
  let from = 0;
  for (const insertion of insertions) {
    repaired += text.slice(from, insertion.at) + ' '.repeat(insertion.length);
    from = insertion.at;
  }
  return { text: repaired + text.slice(from), insertions };
}

/** Column of the quote that closes a scalar opened before `from`, or -1 if the line does not close it. */
function closingQuote(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (quote === '"' && ch === '\\') {
      i++;
    } else if (ch === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function countErrors(document: SplDocument): number {
  return document.diagnostics.filter((d) => d.severity === 'error').length;
}

/**
 * Reads YAML with `read`; when that finds errors and the repair applies, reads the repaired copy
 * instead if it has fewer errors, with all offsets mapped back to `text`.
 */
export function readYamlLeniently(path: string, text: string, read: (path: string, text: string) => SplDocument): SplDocument {
  const strict = read(path, text);
  if (!strict.diagnostics.some((d) => d.code === DOC.YAML_SYNTAX)) return strict;
  const repair = repairQuotedContinuations(text);
  if (repair.insertions.length === 0) return strict;
  const lenient = read(path, repair.text);
  if (countErrors(lenient) >= countErrors(strict)) return strict;
  const remapped = remapDocument(lenient, text, repairedToFile(repair.insertions));
  for (const insertion of repair.insertions) {
    const lineEnd = text.indexOf('\n', insertion.at);
    remapped.diagnostics.push(
      diag(text, { start: insertion.at, end: lineEnd === -1 ? text.length : lineEnd }, 'warning', DOC.UNDER_INDENTED_CONTINUATION,
        'This line continues a quoted value but is not indented more than its key: YAML 1.2 ends the value here (PyYAML, used by contentctl, does not). Indent it.'),
    );
  }
  return remapped;
}

/** Maps an offset in the repaired text to the file: inserted spaces collapse onto their line start. */
export function repairedToFile(insertions: readonly Insertion[]): (offset: number) => number {
  return (offset) => {
    let shift = 0;
    for (const insertion of insertions) {
      const repairedAt = insertion.at + shift;
      if (offset < repairedAt) break;
      if (offset < repairedAt + insertion.length) return insertion.at;
      shift += insertion.length;
    }
    return offset - shift;
  };
}

function remapDocument(document: SplDocument, text: string, toFile: (offset: number) => number): SplDocument {
  const span = (s: Span): Span => ({ start: toFile(s.start), end: toFile(s.end) });
  const searches = new Map<EmbeddedSearch, EmbeddedSearch>();
  const search = (s: EmbeddedSearch): EmbeddedSearch => {
    const known = searches.get(s);
    if (known) return known;
    const mapped: EmbeddedSearch = {
      ...s,
      fileSpan: span(s.fileSpan),
      toFileOffset: (offset) => toFile(s.toFileOffset(offset)),
      charEndInFile: (offset) => toFile(s.charEndInFile(offset)),
    };
    searches.set(s, mapped);
    return mapped;
  };
  const symbol = (s: DocumentSymbolInfo): DocumentSymbolInfo => ({
    ...s,
    span: span(s.span),
    selectionSpan: span(s.selectionSpan),
    children: s.children.map(symbol),
  });
  const diagnostic = (d: Diagnostic): Diagnostic => ({ ...d, span: span(d.span) });
  const result: SplDocument = {
    ...document,
    text,
    searches: document.searches.map(search),
    diagnostics: document.diagnostics.map(diagnostic),
    symbols: document.symbols.map(symbol),
  };
  if (document.detection) {
    const { nameSpan, keys, requiredFields, tree } = document.detection;
    result.detection = {
      ...document.detection,
      ...(tree ? { tree: mapYamlSpans(tree, span) } : {}),
      ...(nameSpan ? { nameSpan: span(nameSpan) } : {}),
      keys: Object.fromEntries(Object.entries(keys).map(([key, at]) => [key, span(at)])),
      ...(requiredFields
        ? { requiredFields: { keySpan: span(requiredFields.keySpan), items: requiredFields.items.map((item) => ({ ...item, span: span(item.span) })) } }
        : {}),
    };
  }
  if (document.macros) {
    result.macros = document.macros.map((macro) => ({
      ...macro,
      nameSpan: span(macro.nameSpan),
      stanzaSpan: span(macro.stanzaSpan),
      ...(macro.definition ? { definition: search(macro.definition) } : {}),
    }));
  }
  return result;
}
