// Progress of long work on stderr: a bar redrawn in place on a terminal, plain lines at each tenth
// otherwise (a log file or CI keeps every line, so a bar's carriage returns would pile up).
import { bytesReadText } from '../text/bytesRead';
import type { CliIo } from './io';
import { progressBar } from './progressBar';

export class ProgressReport {
  private lastTenth = -1;
  private drawn = false;
  /** What the work is doing now: a new stage starts its lines' tenths afresh. */
  private stage: string | undefined;

  constructor(
    private readonly io: CliIo,
    private readonly label: string,
  ) {}

  /** `done` of `total` bytes (total 0: unknown, only the bytes are shown); `stage`: which part of the work (a hunt's reads of the log). */
  update(done: number, total: number, stage?: string): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const size = `${bytesReadText(done, total)}${stage ? `, ${stage}` : ''}`;
    if (stage !== this.stage) {
      this.stage = stage;
      this.lastTenth = -1;
    }
    if (this.io.errIsTTY) {
      // Erase to the end of the line: a shorter stage name leaves nothing of the longer one.
      this.io.err(`\r${this.label} ${progressBar(fraction)} ${Math.floor(fraction * 100)}% ${size} (Ctrl-C stops)\x1b[K`);
      this.drawn = true;
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.io.err(`${this.label}: ${tenth * 10}% (${size})\n`);
    }
  }

  /** Ends the bar's line so what follows starts on its own. */
  done(): void {
    if (this.drawn) this.io.err('\n');
    this.drawn = false;
  }
}
