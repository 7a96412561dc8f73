import type { Diagnostic } from '../text/diagnostic';
import type { Span } from '../text/span';
import { DOC } from './docCodes';
import { MappedTextBuilder, sliceMappedText, type MappedText } from '../text/mappedText';
import { diag } from './yamlDocument';

/**
 * Splunk .conf files: `[stanza]` headers, `key = value` settings, `#` comment lines.
 *
 * Line continuation: a line ending in `\` continues on the next line, and the value keeps the line
 * break. Splunk's own conf reader (splunk/clilib/cli_common.py, `bom_aware_readline`, shipped
 * with Splunk Enterprise) folds such a line as `line.rstrip("\r\n") + "\n"` followed by the next
 * line, so the newline stays in the value; it keeps the `\` only so that it can write the file
 * back unchanged (comment there: "We purposefully retain the escaping backslash"). Lines matching
 * `^\s*[#;]` are never folded. Searches saved from Splunk Web are written this way, e.g.
 * `search = index=main \` + newline + `| stats count` (splunk/vscode-extension-splunk issue #149
 * shows the same layout for macros.conf and savedsearches.conf). Splunk's spec files describe the
 * same convention, e.g. searchbnf.conf.spec (help.splunk.com, Admin Manual 9.2): "For descriptions
 * that extend to multiple lines end each line with a backslash "\", except the last line".
 * A `\` followed by trailing blanks does not continue the line (0x616c6578/TA-geoip2 issue #10:
 * Splunk logged the next line as a bad setting). Here the `\` is dropped and the `\n` it stands
 * for maps to the `\` and the line break after it.
 *
 * Settings before the first stanza belong to `[default]`, as Splunk reads them.
 */

export interface ConfSetting {
  key: string;
  keySpan: Span;
  /** The value as Splunk reads it (trimmed, continuations joined) and where each character sits. */
  value: MappedText;
  /** Key start to value end. */
  span: Span;
}

export interface ConfStanza {
  name: string;
  /** The name inside the brackets; for the implicit default stanza, an empty span at its start. */
  nameSpan: Span;
  /** The `[...]` header; undefined for settings before any header. */
  headerSpan?: Span;
  /** Header through its last setting. */
  span: Span;
  settings: ConfSetting[];
}

export interface ConfFile {
  /** Stanzas in file order; a name written twice appears twice (see DOC032). */
  stanzas: ConfStanza[];
  diagnostics: Diagnostic[];
}

interface LogicalLine {
  mapped: MappedText;
  span: Span;
}

const NEVER_FOLDED = /^\s*[#;]/;

/** Splits the text into logical lines, joining `\`-continued lines with `\n`. */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (offset < text.length) {
    const builder = new MappedTextBuilder(offset);
    const start = offset;
    let end = offset;
    for (;;) {
      const newline = text.indexOf('\n', offset);
      const lineEnd = newline === -1 ? text.length : newline;
      const contentEnd = lineEnd > offset && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
      const content = text.slice(offset, contentEnd);
      const next = newline === -1 ? text.length : newline + 1;
      const folds = content.endsWith('\\') && !NEVER_FOLDED.test(content) && newline !== -1;
      if (folds) {
        builder.literal(content.slice(0, -1), offset);
        builder.escape('\n', contentEnd - 1, next);
      } else {
        builder.literal(content, offset);
      }
      end = contentEnd;
      offset = next;
      if (!folds) break;
    }
    lines.push({ mapped: builder.build(), span: { start, end } });
  }
  return lines;
}

function isSpace(ch: string): boolean {
  return /\s/.test(ch);
}

/** [first, last) of the text without surrounding white space. */
function trimmedBounds(text: string, from = 0, to = text.length): [number, number] {
  let first = from;
  let last = to;
  while (first < last && isSpace(text[first])) first++;
  while (last > first && isSpace(text[last - 1])) last--;
  return [first, last];
}

/** The first `=` not escaped by an odd number of backslashes, as Splunk's reader finds it. */
function unescapedEquals(text: string): number {
  let at = text.indexOf('=');
  while (at !== -1) {
    let backslashes = 0;
    for (let i = at - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('=', at + 1);
  }
  return -1;
}

function spanOf(mapped: MappedText, from: number, to: number): Span {
  if (to <= from) {
    const at = from < mapped.text.length ? mapped.starts[from] : mapped.end;
    return { start: at, end: at };
  }
  return { start: mapped.starts[from], end: mapped.ends[to - 1] };
}

/** Parses a .conf text into stanzas and settings with exact value offsets. Never throws. */
export function parseConf(text: string): ConfFile {
  const diagnostics: Diagnostic[] = [];
  const stanzas: ConfStanza[] = [];
  let current: ConfStanza | undefined;
  const seenStanzas = new Set<string>();
  for (const line of logicalLines(text)) {
    const { mapped } = line;
    const [first, last] = trimmedBounds(mapped.text);
    if (first === last || mapped.text[first] === '#') continue;
    if (mapped.text[first] === '[') {
      let nameStart = first;
      while (mapped.text[nameStart] === '[') nameStart++;
      const close = mapped.text.lastIndexOf(']', last - 1);
      const nameEnd = close >= nameStart ? close : last;
      const headerSpan = spanOf(mapped, first, last);
      if (close < nameStart) {
        diagnostics.push(diag(text, headerSpan, 'error', DOC.CONF_UNCLOSED_STANZA, 'Stanza header is missing its closing `]`'));
      }
      const name = mapped.text.slice(nameStart, nameEnd);
      const nameSpan = spanOf(mapped, nameStart, nameEnd);
      if (seenStanzas.has(name)) {
        diagnostics.push(diag(text, headerSpan, 'warning', DOC.CONF_DUPLICATE_STANZA, `Stanza [${name}] appears earlier in this file; Splunk merges both, later settings win`));
      }
      seenStanzas.add(name);
      current = { name, nameSpan, headerSpan, span: { ...headerSpan }, settings: [] };
      stanzas.push(current);
      continue;
    }
    const equals = unescapedEquals(mapped.text.slice(0, last));
    const [keyStart, keyEnd] = equals === -1 ? [first, first] : trimmedBounds(mapped.text, first, equals);
    if (equals === -1 || keyStart === keyEnd) {
      const message = equals === -1
        ? 'Splunk ignores this line: it is not a [stanza] header, a `key = value` setting or a # comment'
        : 'Splunk ignores this line: the setting has no key before `=`';
      diagnostics.push(diag(text, spanOf(mapped, first, last), 'warning', DOC.CONF_BAD_LINE, message));
      continue;
    }
    const [valueStart, valueEnd] = trimmedBounds(mapped.text, equals + 1, last);
    const key = mapped.text.slice(keyStart, keyEnd);
    const keySpan = spanOf(mapped, keyStart, keyEnd);
    const value = sliceMappedText(mapped, valueStart, valueEnd);
    if (valueStart === valueEnd) value.end = spanOf(mapped, equals, equals + 1).end;
    const setting: ConfSetting = { key, keySpan, value, span: { start: keySpan.start, end: Math.max(value.end, keySpan.end) } };
    if (!current) {
      current = { name: 'default', nameSpan: { start: keySpan.start, end: keySpan.start }, span: { ...setting.span }, settings: [] };
      stanzas.push(current);
    }
    if (current.settings.some((other) => other.key === key)) {
      diagnostics.push(diag(text, keySpan, 'warning', DOC.CONF_DUPLICATE_KEY, `\`${key}\` is set earlier in [${current.name}]; the last value wins`));
    }
    current.settings.push(setting);
    current.span.end = Math.max(current.span.end, setting.span.end);
  }
  return { stanzas, diagnostics };
}
