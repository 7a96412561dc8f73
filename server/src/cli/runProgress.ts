// The progress of `spl-detect test`'s runs on a terminal: one bar on stderr, redrawn in place, with
// the data files done and the time left; cleared before each test line goes to stdout (the same
// terminal) and drawn again after it. Not drawn when stderr is not a terminal: the test lines are the
// progress there.
import { formatSeconds } from '../attackData/progress';
import type { CliIo } from './io';
import { progressBar } from './progressBar';

const REDRAW_MS = 100;

export class RunProgressView {
  private started = Date.now();
  private line = '';
  private lastDraw = 0;

  constructor(private readonly io: CliIo) {}

  private get width(): number {
    return Math.max(40, Math.min(this.io.errColumns ?? 80, 200)) - 1;
  }

  /** `done` of `total` data files have been run (0 at the start). */
  update(done: number, total: number): void {
    if (!this.io.errIsTTY || total === 0) return;
    const now = Date.now();
    if (done === 0) this.started = now;
    if (now - this.lastDraw < REDRAW_MS && done < total && done > 0) return;
    this.lastDraw = now;
    const left = done > 0 && done < total ? `, ${formatSeconds(((now - this.started) / 1000 / done) * (total - done))} left` : '';
    this.line = `${progressBar(done / total)} ${done}/${total} data files${left}`.slice(0, this.width);
    this.io.err(`\r${this.line.padEnd(this.width)}`);
    if (done === total) this.clear();
  }

  /** Writes a line to stdout with the bar out of its way. */
  out(text: string): void {
    if (this.line === '') return this.io.out(text);
    this.io.err(`\r${' '.repeat(this.width)}\r`);
    this.io.out(text);
    this.io.err(`\r${this.line.padEnd(this.width)}`);
  }

  clear(): void {
    if (this.line === '') return;
    this.io.err(`\r${' '.repeat(this.width)}\r`);
    this.line = '';
  }
}
