// Bytes, rate and time left of downloads, in words: the CLI's bar and the editor's notification
// both show these.

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export interface ProgressFigures {
  received: number;
  total: number | undefined;
  /** Bytes per second since the meter started. */
  rate: number;
  /** Seconds left at that rate; undefined without a total. */
  eta: number | undefined;
}

/** Rate and time left of one download, from its progress reports. */
export class ProgressMeter {
  private readonly started: number;
  private readonly startBytes: number;

  constructor(startBytes = 0, now = Date.now()) {
    this.started = now;
    this.startBytes = startBytes;
  }

  figures(received: number, total: number | undefined, now = Date.now()): ProgressFigures {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = Math.max(0, received - this.startBytes) / seconds;
    const eta = total !== undefined && rate > 0 ? (total - received) / rate : undefined;
    return { received, total, rate, eta };
  }
}

/** "1.2 MiB of 3.4 MiB, 800 KiB/s, 3s left" */
export function describeProgress(f: ProgressFigures): string {
  const of = f.total !== undefined ? ` of ${formatBytes(f.total)}` : '';
  const eta = f.eta !== undefined ? `, ${formatSeconds(f.eta)} left` : '';
  return `${formatBytes(f.received)}${of}, ${formatBytes(Math.round(f.rate))}/s${eta}`;
}
