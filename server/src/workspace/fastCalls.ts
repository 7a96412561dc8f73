import { scanAllMacroCalls } from '../macros/runTimeCalls';
import type { Span } from '../text/span';
import { MAX_DOCUMENT_LENGTH, type DocumentKind } from './documents';
import { closingQuote, isFastReadable, isUnreadableMarginLine, lineEndAfter, TOP_LEVEL_KEY } from './fastYamlLines';
import { decodeFlowScalar } from './yamlFlowScalar';

/** A macro call found in a file, spans in file offsets. */
export interface LocatedCall {
  path: string;
  name: string;
  arity: number;
  /** The whole call with its backticks. */
  span: Span;
  nameSpan: Span;
}

/**
 * Finds the macro calls of a detection's `search:` and drilldown searches without parsing the YAML,
 * which costs ~1 ms a file with the `yaml` package: indexing 1,711 detections must take well under a
 * second. Only the shape that 99% of security_content uses is read here (a single-quoted scalar on a
 * `search:` key at the top level or inside `drilldown_searches`), decoded with the same exact decoder
 * the full reader uses. Anything else returns undefined and the caller reads the file fully;
 * test/workspace/fastCalls.test.ts checks both readers agree on every corpus file.
 */
export function fastCalls(path: string, text: string, kind: DocumentKind): LocatedCall[] | undefined {
  // The full reader does not read such a file either (DOC009): it has no calls.
  if (text.length > MAX_DOCUMENT_LENGTH) return [];
  if (kind === 'spl') return text.charCodeAt(0) === 0xfeff ? undefined : callsIn(path, text, (i) => i, (i) => i + 1);
  if (kind !== 'detection') return undefined;
  return fastDetectionCalls(path, text);
}

const SEARCH_KEY = /^([ \t]*)(-[ \t]+)?search[ \t]*:/;
const SINGLE_QUOTED_VALUE = /^([ \t]*)(-[ \t]+)?search:[ \t]+'/;

function fastDetectionCalls(path: string, text: string): LocatedCall[] | undefined {
  if (!isFastReadable(text)) return undefined;
  const calls: LocatedCall[] = [];
  let topKey: string | undefined;
  let topLevelSearches = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const top = TOP_LEVEL_KEY.exec(line);
    if (top) topKey = top[1];
    else if (isUnreadableMarginLine(line)) return undefined;
    const isKey = SEARCH_KEY.exec(line);
    const relevant = isKey && (isKey[1].length === 0 && !isKey[2] ? true : topKey === 'drilldown_searches');
    if (!relevant) {
      lineStart = lineEnd + 1;
      continue;
    }
    if (isKey[1].length === 0 && !isKey[2] && ++topLevelSearches > 1) return undefined;
    const value = SINGLE_QUOTED_VALUE.exec(line);
    if (!value) return undefined;
    const open = lineStart + value[0].length - 1;
    const close = closingQuote(text, open);
    const closeLineEnd = close < 0 ? -1 : lineEndAfter(text, close);
    if (closeLineEnd < 0) return undefined;
    const mapped = decodeFlowScalar('single-quoted-scalar', text.slice(open, close + 1), open);
    calls.push(...callsIn(path, mapped.text, (i) => mapped.starts[i], (i) => mapped.ends[i]));
    lineStart = closeLineEnd + 1;
  }
  return calls;
}

function callsIn(path: string, spl: string, startOf: (i: number) => number, endOf: (i: number) => number): LocatedCall[] {
  const toFile = (span: Span): Span =>
    span.end > span.start ? { start: startOf(span.start), end: endOf(span.end - 1) } : { start: startOf(span.start), end: startOf(span.start) };
  return scanAllMacroCalls(spl)
    .filter((call) => call.name)
    .map((call) => ({ path, name: call.name, arity: call.args?.length ?? 0, span: toFile(call.span), nameSpan: toFile(call.nameSpan) }));
}
