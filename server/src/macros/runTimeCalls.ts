// Macro calls in `map search="..."`: Splunk does not expand macros inside a quoted value when it
// parses a search (scan.ts), but map parses its search again for every row, and then expands them
// (docs/semantics.md, "map"). The editor shows, navigates and checks these calls; expansion of the
// search itself leaves them alone.
import type { Span } from '../text/span';
import { scanMacroCalls, type MacroArgument, type MacroCall } from './scan';

const MAP_COMMAND = /^\s*map\b/i;
/** What precedes the quoted value of a `search=` option (looked for in the last few characters only). */
const SEARCH_OPTION = /\bsearch\s*=\s*$/i;

/** Calls inside the quoted value of every map `search=` option, with spans in `text`. */
export function scanRunTimeCalls(text: string): MacroCall[] {
  const calls: MacroCall[] = [];
  // Whether the command since the last `|` or `[` is map: worked out once per command, so a long
  // search with many strings stays linear.
  let inMap = MAP_COMMAND.test(text.slice(0, 32));
  let commandStart = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && text[i + 1] !== '`') {
      i += 2;
    } else if (ch === '"') {
      const close = closingQuote(text, i);
      if (inMap && SEARCH_OPTION.test(text.slice(Math.max(commandStart, i - 64), i))) calls.push(...callsInQuoted(text, i + 1, close));
      i = close + 1;
    } else if (text.startsWith('```', i)) {
      const close = text.indexOf('```', i + 3);
      i = close < 0 ? text.length : close + 3;
    } else if (ch === '`') {
      const close = text.indexOf('`', i + 1);
      i = close < 0 ? text.length : close + 1;
    } else {
      if (ch === '|' || ch === '[') {
        commandStart = i + 1;
        inMap = MAP_COMMAND.test(text.slice(commandStart, commandStart + 32));
      }
      i++;
    }
  }
  return calls;
}

/** Every call Splunk expands at some point: those of the search, then those of map's searches. */
export function scanAllMacroCalls(text: string): MacroCall[] {
  return [...scanMacroCalls(text).calls, ...scanRunTimeCalls(text)].sort((a, b) => a.span.start - b.span.start);
}

/** The index of the quote that closes the string opened at `open` (or the end of text). */
function closingQuote(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length) {
    if (text[i] === '\\' && i + 1 < text.length) i += 2;
    else if (text[i] === '"') return i;
    else i++;
  }
  return text.length;
}

/** Scans the string's value (`\"` and `\\` decoded) and maps the calls back to the raw text. */
function callsInQuoted(text: string, start: number, end: number): MacroCall[] {
  let value = '';
  const rawAt: number[] = [];
  for (let i = start; i < end; i++) {
    if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\') && i + 1 < end) i++;
    rawAt.push(i);
    value += text[i];
  }
  rawAt.push(end);
  const span = (s: Span): Span => ({ start: rawAt[s.start], end: s.end > s.start ? rawAt[s.end - 1] + 1 : rawAt[s.start] });
  const argument = (a: MacroArgument): MacroArgument => ({
    ...a,
    span: span(a.span),
    valueSpan: span(a.valueSpan),
    positional: { value: a.positional.value, valueSpan: span(a.positional.valueSpan) },
  });
  return scanMacroCalls(value).calls.map((call) => ({
    ...call,
    span: span(call.span),
    nameSpan: span(call.nameSpan),
    args: call.args?.map(argument),
  }));
}
