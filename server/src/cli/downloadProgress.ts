// The progress of `spl-detect test`'s downloads on stderr: on a terminal one bar redrawn in place
// (bytes, rate, time left), else a line when a download starts and one when it ends, so a CI log
// stays readable.
import { describeProgress, formatBytes, formatSeconds, ProgressMeter } from '../attackData/progress';
import type { DownloadProgress } from '../attackData/download';
import type { DownloadObserver } from '../testing/testRunner';
import type { CliIo } from './io';
import { progressBar } from './progressBar';
import { printable } from './terminalText';

/** A terminal is redrawn at most this often: a fast download must not spend its time drawing. */
const REDRAW_MS = 100;

export class DownloadProgressView implements DownloadObserver {
  private meter = new ProgressMeter();
  private lastDraw = 0;
  private drawn = false;
  private started = Date.now();

  constructor(private readonly io: CliIo) {}

  /** Download `index` (1-based) of `count` begins. */
  start(name: string, index: number, count: number): void {
    this.meter = new ProgressMeter();
    this.started = Date.now();
    this.lastDraw = 0;
    this.label = `[${index}/${count}] ${printable(name)}`;
    if (!this.io.errIsTTY) this.io.err(`downloading ${this.label}\n`);
  }

  private label = '';

  update(p: DownloadProgress): void {
    if (!this.io.errIsTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS && p.received !== p.total) return;
    this.lastDraw = now;
    const figures = this.meter.figures(p.received, p.total, now);
    const width = Math.max(40, Math.min(this.io.errColumns ?? 80, 200));
    const percent = p.total ? `${Math.floor((p.received / p.total) * 100)}%`.padStart(4) : '  ?%';
    const line = `${progressBar(p.total ? p.received / p.total : 0)} ${percent} ${describeProgress(figures)} ${this.label}`;
    this.io.err(`\r${line.slice(0, width - 1).padEnd(width - 1)}`);
    this.drawn = true;
  }

  /** The download ended: `failure` says why when it did not complete. */
  finish(bytes: number | undefined, failure?: string): void {
    if (this.drawn) this.io.err('\r' + ' '.repeat(Math.max(40, Math.min(this.io.errColumns ?? 80, 200)) - 1) + '\r');
    this.drawn = false;
    const seconds = formatSeconds((Date.now() - this.started) / 1000);
    if (failure) this.io.err(`failed      ${this.label}: ${printable(failure)}\n`);
    else if (!this.io.errIsTTY) this.io.err(`downloaded  ${this.label} (${formatBytes(bytes ?? 0)} in ${seconds})\n`);
  }
}
