import type { Assembler, ReadContext } from './context';
import { extractClassicWinEventLog, extractKeyValues } from './kv';
import { findTextTimestamp, parseTimestamp } from './timestamps';

/** The first line of a classic WinEventLog event: `MM/DD/YYYY hh:mm:ss AM`. */
export const WINEVENTLOG_START = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} [AP]M\s*$/;

interface Pending {
  lines: string[];
  line: number;
  endLine: number;
  byteStart: number;
  byteEnd: number;
}

/**
 * Plain text: one event per non-blank line with key=value extraction; except classic WinEventLog
 * text (first line a bare `MM/DD/YYYY hh:mm:ss AM` timestamp), where each such line starts an
 * event and the following lines belong to it, like Splunk's line merging for that sourcetype.
 */
export class TextAssembler implements Assembler {
  private merging: boolean | undefined;
  private pending: Pending | undefined;
  private readonly maxEventBytes: number;
  private pendingSize = 0;

  constructor(private readonly ctx: ReadContext) {
    this.maxEventBytes = ctx.options.maxEventBytes ?? 16 * 1024 * 1024;
  }

  line(text: string, line: number, byteStart: number, byteEnd: number): void {
    if (this.merging === undefined) {
      if (text.trim().length === 0) return;
      this.merging = WINEVENTLOG_START.test(text);
    }
    if (!this.merging) {
      if (text.trim().length === 0) return;
      if (this.ctx.accepts(text)) this.ctx.emit(text, findTextTimestamp(text), line, line, byteStart, byteEnd, extractKeyValues);
      return;
    }
    if (WINEVENTLOG_START.test(text)) {
      this.flush();
      this.pending = { lines: [text], line, endLine: line, byteStart, byteEnd };
      this.pendingSize = text.length;
      return;
    }
    const pending = this.pending;
    if (!pending) {
      if (text.trim().length > 0) this.ctx.unparsed(line, 'text outside a WinEventLog event (no timestamp line before it)');
      return;
    }
    this.pendingSize += text.length + 1;
    if (this.pendingSize > this.maxEventBytes) {
      this.ctx.unparsed(pending.line, `event starting on line ${pending.line} exceeds ${this.maxEventBytes} bytes; dropped`);
      this.pending = undefined;
      return;
    }
    pending.lines.push(text);
    if (text.trim().length > 0) {
      pending.endLine = line;
      pending.byteEnd = byteEnd;
    }
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const raw = pending.lines.slice(0, pending.endLine - pending.line + 1).join('\n');
    if (!this.ctx.accepts(raw)) return;
    this.ctx.emit(raw, parseTimestamp(pending.lines[0]), pending.line, pending.endLine, pending.byteStart, pending.byteEnd, extractClassicWinEventLog);
  }
}
