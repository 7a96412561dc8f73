// Splits XML into `<Event>...</Event>` elements: Splunk's XmlWinEventLog (one event per line),
// several events on one line, and pretty-printed events spanning lines, optionally inside
// `<Events>` with an `<?xml?>` prolog. Text outside an event that is not markup noise is reported.
import { utf8Length, type Assembler, type ReadContext } from './context';
import { windowsXmlTime } from './winXml';
import { windowsXmlFields } from './winXmlProbe';

const EVENT_END = '</Event>';

/** Index of the next `<Event` start tag (not `<Events`, `<EventID`, `<EventData` ...) at or after `from`. */
export function findEventStart(text: string, from: number): number {
  let at = text.indexOf('<Event', from);
  while (at >= 0) {
    const next = text.charCodeAt(at + 6);
    // '>', '/', space, tab, CR, LF, or the end of the text.
    if (Number.isNaN(next) || next === 62 || next === 47 || next === 32 || next === 9 || next === 13 || next === 10) return at;
    at = text.indexOf('<Event', at + 6);
  }
  return -1;
}

/** '>', '/', space, tab, CR or LF: what may follow `<Event` in a start tag (NaN: the end of the text). */
function endsEventName(code: number): boolean {
  return Number.isNaN(code) || code === 62 || code === 47 || code === 32 || code === 9 || code === 13 || code === 10;
}

/**
 * Whether the line is exactly one `<Event ...>...</Event>`: it starts with an event start tag, ends
 * with `</Event>`, and holds no other event start or end tag. One pass over the occurrences of
 * `Event` (a Windows event line has about eight), instead of one search per tag kind.
 */
function isOneEvent(text: string): boolean {
  const last = text.length - EVENT_END.length;
  if (last < 6 || !text.startsWith('<Event') || !endsEventName(text.charCodeAt(6)) || !text.endsWith(EVENT_END)) return false;
  for (let at = text.indexOf('Event', 7); at >= 0 && at < last + 2; at = text.indexOf('Event', at + 5)) {
    const before = text.charCodeAt(at - 1);
    if (before === 60 /* < */ && endsEventName(text.charCodeAt(at + 5))) return false;
    if (before === 47 /* / */ && text.charCodeAt(at - 2) === 60 && text.charCodeAt(at + 5) === 62) return false;
  }
  return true;
}

/** Markup allowed between events: prolog, comments, the `<Events>` wrapper, whitespace. */
const NOISE = /^(?:\s+|<\?[^>]*\?>|<!--[\s\S]*?-->|<\/?Events(?:\s[^>]*)?>)*$/;

interface Pending {
  parts: string[];
  line: number;
  byteStart: number;
  endLine: number;
  byteEnd: number;
  size: number;
}

export class XmlAssembler implements Assembler {
  private pending: Pending | undefined;
  /** After dropping an oversized event: ignore text up to its `</Event>`. */
  private skippingOversized = false;
  private readonly maxEventBytes: number;

  constructor(private readonly ctx: ReadContext) {
    this.maxEventBytes = ctx.options.maxEventBytes ?? 16 * 1024 * 1024;
  }

  line(text: string, line: number, byteStart: number, byteEnd: number): void {
    // The common case: exactly one whole event on the line.
    if (this.pending === undefined && !this.skippingOversized && isOneEvent(text)) {
      this.event(text, line, line, byteStart, byteEnd);
      return;
    }
    this.scan(text, line, byteStart, byteEnd);
  }

  /** Exactly one event, none pending: that event is all the line could give. */
  standsAlone(latin1: string): boolean {
    return this.pending === undefined && !this.skippingOversized && isOneEvent(latin1);
  }

  end(): void {
    if (this.pending) this.truncated(this.pending, 'at the end of the file');
  }

  /**
   * An `<Event>` without `</Event>` (a cut-off line, as several corpus example logs are): reported,
   * and still handed out with whatever fields its text holds, as Splunk indexes such a line.
   */
  private truncated(pending: Pending, where: string): void {
    this.pending = undefined;
    this.ctx.partial(pending.line, `truncated XML event: <Event> on line ${pending.line} has no </Event> ${where}`);
    this.event(pending.parts.join('\n'), pending.line, pending.endLine, pending.byteStart, pending.byteEnd);
  }

  private scan(text: string, line: number, byteStart: number, byteEnd: number): void {
    const offset = (index: number): number => (index === 0 ? byteStart : byteStart + utf8Length(text.slice(0, index)));
    let pos = 0;
    let reportedNoise = false;
    const noise = (from: number, to: number): void => {
      if (reportedNoise || from >= to) return;
      const between = text.slice(from, to);
      if (NOISE.test(between)) return;
      reportedNoise = true;
      this.ctx.unparsed(line, `text outside an <Event> element: ${JSON.stringify(between.trim().slice(0, 60))}`);
    };
    while (pos < text.length) {
      const start = findEventStart(text, pos);
      if (this.skippingOversized) {
        const close = text.indexOf(EVENT_END, pos);
        if (close >= 0 && (start < 0 || close < start)) pos = close + EVENT_END.length;
        else if (start < 0) return;
        else pos = start;
        this.skippingOversized = false;
        continue;
      }
      const pending = this.pending;
      if (pending) {
        const close = text.indexOf(EVENT_END, pos);
        if (start >= 0 && (close < 0 || start < close)) {
          if (start > pos && text.slice(pos, start).trim().length > 0) this.append(pending, text.slice(pos, start), line, offset(start));
          if (this.pending) this.truncated(pending, `before the next <Event> on line ${line}`);
          pos = start;
          continue;
        }
        if (close < 0) {
          this.append(pending, text.slice(pos), line, byteEnd);
          return;
        }
        const endIndex = close + EVENT_END.length;
        pending.parts.push(text.slice(pos, endIndex));
        this.pending = undefined;
        this.event(pending.parts.join('\n'), pending.line, line, pending.byteStart, endIndex === text.length ? byteEnd : offset(endIndex));
        pos = endIndex;
        continue;
      }
      if (start < 0) {
        noise(pos, text.length);
        return;
      }
      noise(pos, start);
      const close = text.indexOf(EVENT_END, start);
      const nextStart = findEventStart(text, start + 6);
      if (close >= 0 && (nextStart < 0 || close < nextStart)) {
        const endIndex = close + EVENT_END.length;
        this.event(text.slice(start, endIndex), line, line, offset(start), endIndex === text.length ? byteEnd : offset(endIndex));
        pos = endIndex;
      } else if (nextStart >= 0) {
        const cut: Pending = { parts: [text.slice(start, nextStart)], line, byteStart: offset(start), endLine: line, byteEnd: offset(nextStart), size: 0 };
        this.truncated(cut, `before the next <Event> at column ${nextStart + 1}`);
        pos = nextStart;
      } else {
        this.pending = { parts: [], line, byteStart: offset(start), endLine: line, byteEnd, size: 0 };
        this.append(this.pending, text.slice(start), line, byteEnd);
        return;
      }
    }
  }

  private append(pending: Pending, part: string, line: number, byteEnd: number): void {
    pending.size += part.length + 1;
    if (pending.size > this.maxEventBytes) {
      this.ctx.unparsed(pending.line, `XML event starting on line ${pending.line} exceeds ${this.maxEventBytes} bytes by line ${line}; dropped`);
      this.pending = undefined;
      this.skippingOversized = true;
      return;
    }
    pending.parts.push(part);
    pending.endLine = line;
    pending.byteEnd = byteEnd;
  }

  private event(raw: string, line: number, endLine: number, byteStart: number, byteEnd: number): void {
    if (!this.ctx.accepts(raw)) return;
    this.ctx.emit(raw, windowsXmlTime(raw), line, endLine, byteStart, byteEnd, windowsXmlFields());
  }
}
