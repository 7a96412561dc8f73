// The per-user cache of downloaded attack data: one file per URL, named by the URL's digest, in a
// folder the user may configure. Two processes (the editor and a terminal, or two CI jobs) may fill it
// at once: a download goes to `<key>.part` under a lock file only one process creates, and becomes
// data only by an atomic rename, so a reader sees a whole file or none. Files are used in place
// and touched when used; past the size cap the least recently used go first.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { safeFileName, urlKey } from './dataUrl';

export const GIB = 1024 ** 3;
export const DEFAULT_CACHE_BYTES = 20 * GIB;

/** `$XDG_CACHE_HOME/spl-detect/attack-data`, else `~/.cache/spl-detect/attack-data`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'spl-detect', 'attack-data');
}

/** A part file untouched this long is removed when the cache is next trimmed. */
const ABANDONED_PART_MS = 7 * 24 * 3600 * 1000;

/** A lock whose holder has not shown a sign of life for this long is taken over. */
const STALE_LOCK_MS = 120_000;

export interface CacheEntry {
  path: string;
  size: number;
  lastUsed: number;
}

export class AttackDataCache {
  constructor(
    readonly dir: string,
    readonly maxBytes: number = DEFAULT_CACHE_BYTES,
  ) {}

  /** The complete file for a URL (`<key>-<name>`); it exists only once a download finished. */
  pathFor(url: string): string {
    return join(this.dir, `${urlKey(url)}-${safeFileName(url)}`);
  }

  /** Where a download in progress writes (kept after a cut or a cancel so the next try resumes). */
  partPathFor(url: string): string {
    return join(this.dir, `${urlKey(url)}.part`);
  }

  /** The cached file for the URL, marked as used now; undefined when not cached. */
  lookup(url: string): string | undefined {
    const path = this.pathFor(url);
    try {
      if (!statSync(path).isFile()) return undefined;
      const now = new Date();
      utimesSync(path, now, now);
      return path;
    } catch {
      return undefined;
    }
  }

  /** Makes a finished download the URL's data (atomic: another process sees the old state or the new). */
  commit(url: string, partPath: string): string {
    const path = this.pathFor(url);
    renameSync(partPath, path);
    return path;
  }

  /** The complete files, least recently used first. */
  entries(): CacheEntry[] {
    if (!existsSync(this.dir)) return [];
    const entries: CacheEntry[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!/^[0-9a-f]{40}-/.test(name)) continue;
      const path = join(this.dir, name);
      try {
        const stats = statSync(path);
        if (stats.isFile()) entries.push({ path, size: stats.size, lastUsed: stats.mtimeMs });
      } catch {
        // Evicted by another process meanwhile.
      }
    }
    return entries.sort((a, b) => a.lastUsed - b.lastUsed);
  }

  /**
   * Removes the least recently used files until the cache holds at most maxBytes, never `keep` (the
   * file just downloaded or about to be read). A process reading a removed file keeps reading it (the
   * name goes, the data stays until closed). Returns the files removed.
   */
  evict(keep: readonly string[] = []): string[] {
    this.removeAbandonedParts();
    const entries = this.entries();
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    const removed: string[] = [];
    for (const entry of entries) {
      if (total <= this.maxBytes) break;
      if (keep.includes(entry.path)) continue;
      rmSync(entry.path, { force: true });
      total -= entry.size;
      removed.push(entry.path);
    }
    return removed;
  }

  /** Part files (and their validators) no download touched for ABANDONED_PART_MS: a resume that never came. */
  private removeAbandonedParts(now = Date.now()): void {
    for (const name of readdirSync(this.dir)) {
      if (!/^[0-9a-f]{40}\.part(\.validator)?$/.test(name)) continue;
      const path = join(this.dir, name);
      try {
        if (now - statSync(path).mtimeMs > ABANDONED_PART_MS) rmSync(path, { force: true });
      } catch {
        // Gone meanwhile.
      }
    }
  }

  /**
   * Takes the URL's download lock, or says who holds it. The lock file is created exclusively (one
   * process wins); a holder that died, or has shown no progress for STALE_LOCK_MS, loses it.
   */
  tryLock(url: string): DownloadLock | undefined {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, `${urlKey(url)}.lock`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new DownloadLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (!lockIsStale(path)) return undefined;
        rmSync(path, { force: true });
      }
    }
    return undefined;
  }
}

export class DownloadLock {
  private lastTouch = Date.now();

  constructor(readonly path: string) {}

  /** A sign of life for processes waiting on the lock (at most once a second). */
  touch(): void {
    const now = Date.now();
    if (now - this.lastTouch < 1000) return;
    this.lastTouch = now;
    try {
      utimesSync(this.path, new Date(now), new Date(now));
    } catch {
      // Taken over as stale: the rename at the end is still atomic.
    }
  }

  release(): void {
    rmSync(this.path, { force: true });
  }
}

function lockIsStale(path: string): boolean {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) return true;
    return Date.now() - statSync(path).mtimeMs > STALE_LOCK_MS;
  } catch {
    // Released meanwhile: try again.
    return true;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
