import { MappedTextBuilder, type MappedText } from '../text/mappedText';

/**
 * Decoder for YAML block scalars (`|`, `>`, with chomping and indentation indicators) that also
 * records where each decoded character was written. It follows the `yaml` package's decoding
 * (compose/resolve-block-scalar.js of yaml 2.x) line by line so that the decoded text equals the
 * package's value; callers check that it does.
 */

export interface BlockScalarHeader {
  /** `|` or `>`. */
  mode: string;
  /** Explicit indentation indicator, 0 when absent. */
  indent: number;
  /** `-`, `+` or '' (clip). */
  chomp: string;
}

/** Reads the indicator characters of a header such as `|2-` or `>+`, as the package does. */
export function parseBlockScalarHeader(headerSource: string): BlockScalarHeader {
  let indent = 0;
  let chomp = '';
  for (let i = 1; i < headerSource.length; ++i) {
    const ch = headerSource[i];
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else {
      const n = Number(ch);
      if (!indent && n) indent = n;
    }
  }
  return { mode: headerSource[0] ?? '|', indent, chomp };
}

interface BlockLine {
  indent: string;
  /** The rest of the line, with a CRLF's `\r` still on it. */
  content: string;
  /** File offset of the line's first character. */
  start: number;
  /** File offset of the line break ending the line (its `\r` for CRLF); undefined on the last line. */
  breakStart?: number;
}

function splitLines(source: string, base: number): BlockLine[] {
  const split = source.split(/\n( *)/);
  const first = split[0];
  const firstIndent = /^( *)/.exec(first)![1];
  const raw: [string, string][] = [[firstIndent, first.slice(firstIndent.length)]];
  for (let i = 1; i < split.length; i += 2) raw.push([split[i], split[i + 1]]);
  const lines: BlockLine[] = [];
  let start = base;
  raw.forEach(([indent, content], index) => {
    const line: BlockLine = { indent, content, start };
    const newlineAt = start + indent.length + content.length;
    if (index < raw.length - 1) line.breakStart = content.endsWith('\r') ? newlineAt - 1 : newlineAt;
    lines.push(line);
    start = newlineAt + 1;
  });
  return lines;
}

function pushBreak(line: BlockLine, out: MappedTextBuilder): void {
  if (line.breakStart === undefined) return;
  const newlineAt = line.start + line.indent.length + line.content.length;
  out.lineBreak(line.breakStart, newlineAt + 1);
}

const isEmptyContent = (content: string) => content === '' || content === '\r';

/**
 * Decodes the body of a block scalar. `source` is the body as it sits in the file at `offset`
 * (after the header line); `parentIndent` is the indentation the package recorded on the token.
 */
export function decodeBlockScalar(header: BlockScalarHeader, source: string, offset: number, parentIndent: number): MappedText {
  const out = new MappedTextBuilder(offset);
  const lines = source ? splitLines(source, offset) : [];
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (isEmptyContent(lines[i].content)) chompStart = i;
    else break;
  }
  if (chompStart === 0) {
    if (header.chomp === '+' && lines.length > 0) {
      lines.forEach((line) => pushBreak(line, out));
      out.produced('\n'.repeat(Math.max(1, lines.length - 1)));
    }
    return out.build();
  }

  let trimIndent = parentIndent + header.indent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const { indent, content } = lines[i];
    if (isEmptyContent(content)) {
      if (header.indent === 0 && indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (header.indent === 0) trimIndent = indent.length;
      contentStart = i;
      break;
    }
  }
  // Trailing empty lines that are more indented than the content belong to the content.
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i].indent.length > trimIndent) chompStart = i + 1;
  }

  // Leading empty lines keep their extra indentation.
  for (let i = 0; i < contentStart; ++i) {
    const line = lines[i];
    out.literal(line.indent.slice(trimIndent), line.start + trimIndent);
    pushBreak(line, out);
    out.produced('\n');
  }

  const literal = header.mode !== '>';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = contentStart; i < chompStart; ++i) {
    const line = lines[i];
    let indent = line.indent;
    let content = line.content;
    if (content.endsWith('\r')) content = content.slice(0, -1);
    const contentAt = line.start + line.indent.length;
    // A less indented line is an error the package reports; its text is kept without indentation.
    if (content && indent.length < trimIndent) indent = '';
    const extraIndent = indent.slice(trimIndent);
    if (literal) {
      out.produced(sep);
      out.literal(extraIndent, line.start + trimIndent);
      out.literal(content, contentAt);
      sep = '\n';
    } else if (indent.length > trimIndent || content[0] === '\t') {
      // More-indented lines of a folded scalar keep their line breaks.
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      out.produced(sep);
      out.literal(extraIndent, line.start + trimIndent);
      out.literal(content, contentAt);
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') out.produced('\n');
      else sep = '\n';
    } else {
      out.produced(sep);
      out.literal(content, contentAt);
      sep = ' ';
      prevMoreIndented = false;
    }
    pushBreak(line, out);
  }

  switch (header.chomp) {
    case '-':
      break;
    case '+': {
      for (let i = chompStart; i < lines.length; ++i) {
        out.produced('\n');
        out.literal(lines[i].indent.slice(trimIndent), lines[i].start + trimIndent);
        pushBreak(lines[i], out);
      }
      if (!out.endsWith('\n')) out.produced('\n');
      break;
    }
    default:
      out.produced('\n');
  }
  return out.build();
}
