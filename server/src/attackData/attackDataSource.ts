// Where the data of a test's attack_data URL comes from, after the workspace's attack_data_map.json
// (which the callers consult first, as it is a workspace file read through the read scope): a local
// splunk/attack_data checkout (the URL's `datasets/...` path), then the cache, else a download into
// the cache. The CLI and the language server each hold one source per run (or session).
import { existsSync } from 'node:fs';
import { excerpt } from '../text/excerpt';
import { AttackDataCache, DEFAULT_CACHE_BYTES } from './cache';
import { checkDataUrl, checkoutCandidates, lfsMediaUrl } from './dataUrl';
import { DEFAULT_DOWNLOAD_LIMITS, DownloadCancelled, Downloader, DownloadError, type DownloadLimits, type DownloadProgress } from './download';
import { explainLfsPointer, lfsPointerIn } from './lfsPointer';

export interface AttackDataOptions {
  /** The cache folder (`defaultCacheDir()` unless configured). */
  cacheDir: string;
  cacheBytes?: number;
  /** A local checkout of splunk/attack_data (the folder holding `datasets/`, or `datasets/` itself). */
  checkout?: string;
  /** No network: what is not local is reported missing. */
  offline?: boolean;
  /** Why downloads are not allowed here (an untrusted workspace); undefined when they are. */
  downloadsRefused?: string;
  limits?: Partial<DownloadLimits>;
  /** Where to fetch the data when a URL serves a Git LFS pointer (default: lfsMediaUrl, GitHub's media URL). */
  lfsMediaUrl?: (url: string) => string | undefined;
}

export type DataVia = 'checkout' | 'cache' | 'download';

export type ObtainedData =
  | { ok: true; path: string; via: DataVia }
  | { ok: false; reason: string; cancelled?: boolean };

export type LocalData = { ok: true; path: string; via: 'checkout' | 'cache' } | { ok: false; reason: string };

/** How often a process waiting for another's download of the same URL looks again. */
const LOCK_POLL_MS = 200;

export class AttackDataSource {
  readonly cache: AttackDataCache;
  private downloader: Downloader | undefined;
  /** One download per URL in this process; the lock file covers other processes. */
  private readonly inFlight = new Map<string, Promise<ObtainedData>>();

  constructor(readonly options: AttackDataOptions) {
    this.cache = new AttackDataCache(options.cacheDir, options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  }

  /** The checkout's file, then the cache's, without the network; a checkout's LFS pointer is a reason. */
  local(url: string): LocalData {
    const notes: string[] = [];
    if (this.options.checkout) {
      for (const candidate of checkoutCandidates(this.options.checkout, url)) {
        if (!existsSync(candidate)) continue;
        const pointer = lfsPointerIn(candidate);
        if (!pointer) return { ok: true, path: candidate, via: 'checkout' };
        notes.push(explainLfsPointer(pointer, `the checkout's ${candidate}`));
      }
    }
    const cached = this.cache.lookup(url);
    if (cached) return { ok: true, path: cached, via: 'cache' };
    const where = this.options.checkout ? `not in the checkout ${this.options.checkout} nor in the cache ${this.cache.dir}` : `not in the cache ${this.cache.dir}`;
    return { ok: false, reason: [...notes, where].join('; ') };
  }

  /** The URL's data: local, or downloaded into the cache (progress reported, cancellable by `signal`). */
  obtain(url: string, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<ObtainedData> {
    const local = this.local(url);
    if (local.ok) return Promise.resolve(local);
    const checked = checkDataUrl(url);
    if (!checked.ok) return Promise.resolve({ ok: false, reason: checked.reason });
    if (this.options.offline) return Promise.resolve({ ok: false, reason: `${local.reason}, and downloads are off (offline)` });
    if (this.options.downloadsRefused) return Promise.resolve({ ok: false, reason: `${local.reason}, and ${this.options.downloadsRefused}` });
    const running = this.inFlight.get(url);
    if (running) return running;
    const started = this.fetchIntoCache(url, onProgress, signal).finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, started);
    return started;
  }

  async close(): Promise<void> {
    await this.downloader?.close();
    this.downloader = undefined;
  }

  private async fetchIntoCache(url: string, onProgress: ((p: DownloadProgress) => void) | undefined, signal: AbortSignal | undefined): Promise<ObtainedData> {
    for (;;) {
      if (signal?.aborted) return { ok: false, reason: new DownloadCancelled(url).message, cancelled: true };
      const lock = this.cache.tryLock(url);
      if (!lock) {
        // Another process is downloading it: wait for its file rather than download it twice.
        await sleep(LOCK_POLL_MS);
        const done = this.cache.lookup(url);
        if (done) return { ok: true, path: done, via: 'cache' };
        continue;
      }
      try {
        const done = this.cache.lookup(url);
        if (done) return { ok: true, path: done, via: 'cache' };
        const part = this.cache.partPathFor(url);
        this.downloader ??= new Downloader({ ...DEFAULT_DOWNLOAD_LIMITS, ...this.options.limits });
        const progress = (p: DownloadProgress) => {
          lock.touch();
          onProgress?.(p);
        };
        try {
          await this.downloader.download(url, part, progress, signal);
        } catch (error) {
          // A raw GitHub URL serves the LFS pointer: its media URL serves the data. Cached under the URL the test names.
          const media = error instanceof DownloadError && error.lfsPointer ? (this.options.lfsMediaUrl ?? lfsMediaUrl)(url) : undefined;
          if (!media) throw error;
          await this.downloader.download(media, part, (p) => progress({ ...p, url }), signal);
        }
        const path = this.cache.commit(url, part);
        this.cache.evict([path]);
        return { ok: true, path, via: 'download' };
      } catch (error) {
        if (error instanceof DownloadCancelled) return { ok: false, reason: error.message, cancelled: true };
        if (error instanceof DownloadError) return { ok: false, reason: `cannot download ${excerpt(url, 120)}: ${error.message}` };
        // The cache folder cannot be written (permissions, a full disk): a reason, not a crash.
        return { ok: false, reason: `cannot download ${excerpt(url, 120)} into ${this.cache.dir}: ${error instanceof Error ? error.message : String(error)}` };
      } finally {
        lock.release();
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
