import type { LogEvent } from '../event';
import { ReadContext, type Assembler } from './context';
import { CsvAssembler } from './csvAssembler';
import { detectFormat, FORMAT_SAMPLE_LINES } from './detect';
import { JsonProblem, flattenJson } from './jsonFlatten';
import { KeyPositions, TopLevelNames, readJsonEvent, type JsonTopLevel } from './jsonTopLevel';
import { LineSplitter } from './lineSplitter';
import { TextAssembler } from './textAssembler';
import { parseEpoch, parseTimestamp } from './timestamps';
import { emptyStats, type LogFormat, type ReaderStats, type ReadOptions } from './types';
import { XmlAssembler } from './xmlAssembler';
import { firstValue, type FieldMap } from '../event';

/** JSON keys tried in order for `_time` (first present and parseable wins). */
export const JSON_TIME_FIELDS = [
  '_time', 'timestamp', '@timestamp', 'time', 'eventTime', 'eventTimestamp', 'CreationTime', 'createdDateTime',
  'requestReceivedTimestamp', 'published', 'EventTime', 'UtcTime', 'CreatedAt', 'job_time', 'id.time', 'unixTime', 'date',
];

const TIME_NAMES = new TopLevelNames(JSON_TIME_FIELDS);

const parseTime = (value: string): number | undefined => parseTimestamp(value) ?? parseEpoch(value);

/** The time of an event: the first value of the first time field (JSON_TIME_FIELDS order) that parses. */
function jsonTime(valueOf: (name: string) => string | undefined): number | undefined {
  for (const name of JSON_TIME_FIELDS) {
    const value = valueOf(name);
    if (value === undefined) continue;
    const time = parseTime(value);
    if (time !== undefined) return time;
  }
  return undefined;
}

class JsonAssembler implements Assembler {
  /** Member offsets of the line being checked, reused from line to line. */
  private readonly scratch: number[] = [];
  private readonly positions = new KeyPositions();

  constructor(private readonly ctx: ReadContext) {}

  line(text: string, line: number, byteStart: number, byteEnd: number): void {
    if (text.trim().length === 0 || !this.ctx.accepts(text)) return;
    if (this.ctx.options.eagerJson) return this.eager(text, line, byteStart, byteEnd);
    let event: JsonTopLevel;
    try {
      event = readJsonEvent(text, this.scratch, this.positions);
    } catch (error) {
      this.problem(line, error);
      return;
    }
    const time = event.firstParsed(text, TIME_NAMES, parseTime);
    if (time !== false) this.ctx.emit(text, time, line, line, byteStart, byteEnd, event);
    else this.eager(text, line, byteStart, byteEnd);
  }

  /** Flattens the event now (the line is known to be JSON, or is checked by flattening). */
  private eager(text: string, line: number, byteStart: number, byteEnd: number): void {
    let fields: FieldMap;
    try {
      fields = flattenJson(text);
    } catch (error) {
      this.problem(line, error);
      return;
    }
    this.ctx.emit(text, jsonTime((name) => firstValue(fields.get(name))), line, line, byteStart, byteEnd, fields);
  }

  private problem(line: number, error: unknown): void {
    const reason = error instanceof JsonProblem ? `${error.message} at column ${error.offset + 1}` : String(error);
    this.ctx.unparsed(line, `invalid JSON: ${reason}`);
  }

  end(): void {}
}

function assemblerFor(format: LogFormat, ctx: ReadContext): Assembler {
  switch (format) {
    case 'xml':
      return new XmlAssembler(ctx);
    case 'json':
      return new JsonAssembler(ctx);
    case 'csv':
      return new CsvAssembler(ctx);
    case 'text':
      return new TextAssembler(ctx);
  }
}

/** Bytes held back at most to decide the format (FORMAT_SAMPLE_LINES lines, or what fits). */
const HEAD_LIMIT = 1024 * 1024;

/** The non-blank lines of the head found so far, with where the scan stopped (the head only grows). */
interface HeadSample {
  lines: Array<{ text: string; line: number }>;
  /** Byte offset of the next line's start, and its 1-based number. */
  at: number;
  line: number;
}

/** Lines before the CSV header are not records of the table: each is counted and reported. */
class AfterHeader implements Assembler {
  constructor(
    private readonly csv: Assembler,
    private readonly headerLine: number,
    private readonly ctx: ReadContext,
  ) {}

  line(text: string, line: number, byteStart: number, byteEnd: number): void {
    if (line >= this.headerLine) this.csv.line(text, line, byteStart, byteEnd);
    else if (text.trim().length > 0) this.ctx.unparsed(line, `text above the CSV header (line ${this.headerLine}): ${JSON.stringify(text.trim().slice(0, 60))}`);
  }

  end(): void {
    this.csv.end();
  }
}

/**
 * The synchronous core of every reader: bytes in (in any chunking), events out. Holds at most one
 * line, one pending multi-line event and the events of the current chunk.
 */
export class EventPipeline {
  readonly stats: ReaderStats;
  private readonly ctx: ReadContext;
  private head: Buffer[] = [];
  private headBytes = 0;
  private splitter: LineSplitter | undefined;
  private assembler: Assembler | undefined;
  private unsupported = false;
  private sample: HeadSample | undefined;

  constructor(options: ReadOptions = {}) {
    this.stats = emptyStats();
    this.ctx = new ReadContext(options, this.stats);
  }

  push(chunk: Buffer): LogEvent[] {
    this.stats.bytesRead += chunk.length;
    if (this.unsupported) return [];
    if (this.splitter) this.splitter.push(chunk);
    else {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      this.tryStart(false);
    }
    if (this.splitter) this.stats.linesRead = this.splitter.linesSeen;
    return this.ctx.takeEvents();
  }

  end(): LogEvent[] {
    if (!this.splitter && !this.unsupported) this.tryStart(true);
    if (this.splitter) {
      this.splitter.end();
      this.stats.linesRead = this.splitter.linesSeen;
    }
    this.assembler?.end();
    return this.ctx.takeEvents();
  }

  /**
   * Starts splitting once the format is known: from the first FORMAT_SAMPLE_LINES non-blank lines, or
   * what HEAD_LIMIT bytes hold, or the whole input when it is shorter.
   */
  private tryStart(atEnd: boolean): void {
    const head = this.head.length === 1 ? this.head[0] : Buffer.concat(this.head, this.headBytes);
    this.head = [head];
    let start = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
    else if (looksLikeUtf16(head)) {
      this.unsupported = true;
      this.ctx.problem(1, 'UTF-16 text is not supported: save the log as UTF-8');
      this.head = [];
      return;
    } else if (head.length < 4 && !atEnd) return;
    const sample = this.sampleHead(head, start, atEnd || this.headBytes >= HEAD_LIMIT);
    if (!sample) return;
    let format = this.ctx.options.format;
    let headerLine = 1;
    if (format === undefined) {
      const decision = detectFormat(sample.lines.map((l) => l.text));
      format = decision.format;
      headerLine = sample.lines[decision.header]?.line ?? 1;
    }
    this.stats.format = format;
    const assembler = headerLine > 1 ? new AfterHeader(assemblerFor(format, this.ctx), headerLine, this.ctx) : assemblerFor(format, this.ctx);
    this.assembler = assembler;
    const maxLineBytes = this.ctx.options.maxLineBytes ?? 64 * 1024 * 1024;
    this.splitter = new LineSplitter(
      (text, line, byteStart, byteEnd) => assembler.line(text, line, byteStart, byteEnd),
      maxLineBytes,
      (line, bytes) => this.ctx.unparsed(line, `line of ${bytes} bytes exceeds the ${maxLineBytes}-byte limit; skipped`),
      start,
    );
    this.head = [];
    this.headBytes = 0;
    this.sample = undefined;
    this.splitter.push(start === 0 ? head : head.subarray(start));
  }

  /**
   * The head's first FORMAT_SAMPLE_LINES non-blank lines, scanning on from where the last call
   * stopped; undefined while more bytes may still complete the sample. When `final`, an unfinished
   * last line counts (cut at HEAD_LIMIT).
   */
  private sampleHead(head: Buffer, start: number, final: boolean): HeadSample | undefined {
    const sample = (this.sample ??= { lines: [], at: start, line: 1 });
    while (sample.lines.length < FORMAT_SAMPLE_LINES) {
      const lineEnd = head.indexOf(0x0a, sample.at);
      if (lineEnd < 0) {
        if (!final) return undefined;
        const text = head.toString('utf8', sample.at, Math.min(head.length, sample.at + HEAD_LIMIT));
        if (text.trim().length > 0) sample.lines.push({ text, line: sample.line });
        break;
      }
      const text = head.toString('utf8', sample.at, lineEnd);
      if (text.trim().length > 0) sample.lines.push({ text, line: sample.line });
      sample.at = lineEnd + 1;
      sample.line++;
    }
    return sample;
  }
}

/** A UTF-16 byte order mark followed by UTF-16 text (a zero byte in the first character), not invalid UTF-8. */
function looksLikeUtf16(head: Buffer): boolean {
  const bom = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  return bom && (head.length < 4 || head[2] === 0 || head[3] === 0);
}

/** Reads a whole in-memory log at once (tests, example logs, the editor's current buffer). */
export function parseLog(content: string | Buffer, options: ReadOptions = {}): { events: LogEvent[]; stats: ReaderStats } {
  const pipeline = new EventPipeline(options);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const events = pipeline.push(bytes);
  events.push(...pipeline.end());
  return { events, stats: pipeline.stats };
}
