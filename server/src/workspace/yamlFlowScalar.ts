import { MappedTextBuilder, type MappedText } from '../text/mappedText';

/**
 * Decoders for YAML flow scalars (plain, 'single', "double") that also record where each decoded
 * character was written. They follow the `yaml` package's own decoding step by step
 * (compose/resolve-flow-scalar.js of yaml 2.x), including its recovery from unterminated quotes,
 * so that the decoded text equals the package's value; callers check that it does.
 */

export type FlowScalarType = 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar';

/** Decodes `source`, the scalar's text as it sits in the file at `offset` (quotes included). */
export function decodeFlowScalar(type: FlowScalarType, source: string, offset: number): MappedText {
  switch (type) {
    case 'scalar': {
      const builder = new MappedTextBuilder(offset);
      unfoldLines(source, offset, builder);
      return builder.build();
    }
    case 'single-quoted-scalar': {
      const builder = new MappedTextBuilder(offset + 1);
      // Like the package: the last character is dropped as the closing quote even when missing.
      unfoldLines(source.slice(1, -1), offset + 1, builder);
      return mergeDoubledQuotes(builder.build());
    }
    case 'double-quoted-scalar':
      return decodeDoubleQuoted(source, offset);
  }
}

const LINE = /(.*?)\r?\n/sy;
const LEADING_BLANKS = /^[ \t]*/;
const TRAILING_BLANKS = /[ \t]*$/;

/**
 * Line folding of plain and single-quoted scalars: each line is trimmed, one line break between
 * two non-empty lines becomes a space, and each empty line becomes a `\n`.
 */
function unfoldLines(source: string, base: number, out: MappedTextBuilder): void {
  const line = new RegExp(LINE.source, LINE.flags);
  let match = line.exec(source);
  if (!match) {
    out.literal(source, base);
    return;
  }
  const first = match[1];
  out.literal(first.slice(0, first.length - TRAILING_BLANKS.exec(first)![0].length), base);
  out.lineBreak(base + match.index + first.length, base + line.lastIndex);
  let sep = ' ';
  let pos = line.lastIndex;
  while ((match = line.exec(source))) {
    const raw = match[1];
    const lead = LEADING_BLANKS.exec(raw)![0].length;
    const rest = raw.slice(lead);
    const content = rest.slice(0, rest.length - TRAILING_BLANKS.exec(rest)![0].length);
    if (content === '') {
      if (sep === '\n') out.produced(sep);
      else sep = '\n';
    } else {
      out.produced(sep);
      out.literal(content, base + match.index + lead);
      sep = ' ';
    }
    out.lineBreak(base + match.index + raw.length, base + line.lastIndex);
    pos = line.lastIndex;
  }
  const lastLine = source.slice(pos);
  const lead = LEADING_BLANKS.exec(lastLine)![0].length;
  out.produced(sep);
  out.literal(lastLine.slice(lead), base + pos + lead);
}

/** `''` stands for one `'`; pairs are taken left to right like String.replace(/''/g). */
function mergeDoubledQuotes(mapped: MappedText): MappedText {
  const { text, starts, ends } = mapped;
  if (!text.includes("''")) return mapped;
  const pieces: string[] = [];
  const mergedStarts = new Int32Array(text.length);
  const mergedEnds = new Int32Array(text.length);
  let count = 0;
  const copy = (from: number, to: number) => {
    pieces.push(text.slice(from, to));
    mergedStarts.set(starts.subarray(from, to), count);
    mergedEnds.set(ends.subarray(from, to), count);
    count += to - from;
  };
  let from = 0;
  for (let pair = text.indexOf("''"); pair >= 0; pair = text.indexOf("''", from)) {
    // The pair's first quote stands for both: it ends where the second one does.
    copy(from, pair + 1);
    mergedEnds[count - 1] = ends[pair + 1];
    from = pair + 2;
  }
  copy(from, text.length);
  return { text: pieces.join(''), starts: mergedStarts.slice(0, count), ends: mergedEnds.slice(0, count), end: mapped.end };
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

function simpleEscape(ch: string | undefined): string | undefined {
  return ch !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, ch) ? ESCAPES[ch] : undefined;
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

function decodeDoubleQuoted(source: string, base: number): MappedText {
  const out = new MappedTextBuilder(base + 1);
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i];
    if (ch === '\r' && source[i + 1] === '\n') continue;
    if (ch === '\n') {
      i = foldNewline(source, i, base, out);
    } else if (ch === '\\') {
      const escapeStart = i;
      let next = source[++i];
      const simple = simpleEscape(next);
      if (simple) {
        out.escape(simple, base + escapeStart, base + i + 1);
      } else if (next === '\n') {
        // An escaped line break joins the lines; the next line's indentation is dropped.
        next = source[i + 1];
        while (isBlank(next)) next = source[++i + 1];
      } else if (next === '\r' && source[i + 1] === '\n') {
        next = source[++i + 1];
        while (isBlank(next)) next = source[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const decoded = charCode(source, i + 1, length);
        if (decoded !== undefined) out.escape(decoded, base + escapeStart, base + i + 1 + length);
        else out.literal(source.substr(escapeStart, length + 2), base + escapeStart);
        i += length;
      } else {
        // An unknown escape is kept as written (the package reports it).
        out.literal(source.substr(escapeStart, 2), base + escapeStart);
      }
    } else if (isBlank(ch)) {
      // Blanks before a line break are trimmed; elsewhere they are content.
      const blankStart = i;
      let next = source[i + 1];
      while (isBlank(next)) next = source[++i + 1];
      if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n')) {
        out.literal(source.slice(blankStart, i + 1), base + blankStart);
      }
    } else {
      out.literal(ch, base + i);
    }
  }
  return out.build();
}

/**
 * At `source[offset] === '\n'`: a single line break folds to a space, n+1 breaks to n newlines.
 * Returns the offset of the last character consumed.
 */
function foldNewline(source: string, offset: number, base: number, out: MappedTextBuilder): number {
  const breakAt = (at: number) => out.lineBreak(base + (source[at - 1] === '\r' ? at - 1 : at), base + at + 1);
  breakAt(offset);
  let fold = '';
  let ch = source[offset + 1];
  while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
    if (ch === '\r' && source[offset + 2] !== '\n') break;
    if (ch === '\n') {
      fold += '\n';
      breakAt(offset + 1);
    }
    offset += 1;
    ch = source[offset + 1];
  }
  out.produced(fold || ' ');
  return offset;
}

function charCode(source: string, offset: number, length: number): string | undefined {
  const digits = source.substr(offset, length);
  if (digits.length !== length || !/^[0-9a-fA-F]+$/.test(digits)) return undefined;
  const code = parseInt(digits, 16);
  return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
