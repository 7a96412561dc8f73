// Downloads one attack data file into a part file, with undici (its EnvHttpProxyAgent honours
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY). The part file is never data: the cache renames it once the
// body is whole (Content-Length or Content-Range total reached), so a cut, a timeout or a cancel
// leaves only a part file, which the next try resumes with an HTTP Range request.
import { createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { excerpt } from '../text/excerpt';
import { checkDataUrl, isLoopback } from './dataUrl';
import { explainLfsPointer, lfsPointerIn } from './lfsPointer';
import { formatBytes } from './progress';

export interface DownloadLimits {
  /** A file larger than this is refused (declared or received). */
  maxFileBytes: number;
  /** No response headers, or no body bytes, for this long: the try fails. */
  timeoutMs: number;
  /** Tries after the first one, for a 5xx, a 429, a cut or a timeout. */
  retries: number;
  /** The wait before the first retry; each next one waits twice as long. */
  backoffMs: number;
  maxRedirects: number;
}

export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = {
  maxFileBytes: 2 * 1024 ** 3,
  timeoutMs: 30_000,
  retries: 4,
  backoffMs: 1000,
  maxRedirects: 5,
};

export interface DownloadProgress {
  url: string;
  received: number;
  /** Undefined until the response says. */
  total: number | undefined;
}

/** Why a download failed. `permanent`: trying again cannot help (404, over the cap, an LFS pointer, a bad redirect). */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The server sent a Git LFS pointer instead of the file. */
    readonly lfsPointer = false,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export class DownloadCancelled extends Error {
  constructor(url: string) {
    super(`the download of ${excerpt(url, 120)} was cancelled`);
    this.name = 'DownloadCancelled';
  }
}

/** One HTTP client for a session of downloads (a CLI run, the language server): close() when done. */
export class Downloader {
  private readonly proxied: Dispatcher;
  /** Loopback is never sent through a proxy: a remote proxy cannot reach this machine's 127.0.0.1. */
  private readonly direct: Dispatcher;

  constructor(readonly limits: DownloadLimits = DEFAULT_DOWNLOAD_LIMITS) {
    const agentOptions = { connectTimeout: limits.timeoutMs, headersTimeout: limits.timeoutMs, bodyTimeout: limits.timeoutMs };
    this.proxied = new EnvHttpProxyAgent(agentOptions);
    this.direct = new Agent(agentOptions);
  }

  async close(): Promise<void> {
    await Promise.all([this.proxied.close(), this.direct.close()]);
  }

  /** Downloads `url` into `partPath` (resuming what it holds), retrying what may pass on a new try. */
  async download(url: string, partPath: string, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<number> {
    const checked = checkDataUrl(url);
    if (!checked.ok) throw new DownloadError(checked.reason, true);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(checked.url, partPath, onProgress, signal);
      } catch (error) {
        if (signal?.aborted) throw new DownloadCancelled(url);
        if (error instanceof DownloadError && error.permanent) throw error;
        if (attempt >= this.limits.retries) {
          const tries = attempt + 1;
          throw new DownloadError(`${describe(error)} (gave up after ${tries} ${tries === 1 ? 'try' : 'tries'})`, false);
        }
        await sleep(this.limits.backoffMs * 2 ** attempt * (1 + Math.random() * 0.25), signal);
        if (signal?.aborted) throw new DownloadCancelled(url);
      }
    }
  }

  private async attempt(start: URL, partPath: string, onProgress: ((p: DownloadProgress) => void) | undefined, signal: AbortSignal | undefined): Promise<number> {
    let have = sizeOf(partPath);
    let url = start;
    // The caller names the URL it asked for; a redirect's target is named here.
    const named = (u: URL) => (u.href === start.href ? 'the file' : `the file at ${excerpt(u.href, 120)}`);
    for (let redirects = 0; ; ) {
      const response = await request(url, {
        method: 'GET',
        dispatcher: isLoopback(url) ? this.direct : this.proxied,
        // If-Range: the server sends the rest only if the file is still the one the part came from, else all of it (200).
        headers: have > 0 ? { range: `bytes=${have}-`, ...ifRange(partPath) } : {},
        headersTimeout: this.limits.timeoutMs,
        bodyTimeout: this.limits.timeoutMs,
        ...(signal ? { signal } : {}),
      });
      const { statusCode, headers } = response;
      const location = header(headers, 'location');
      if (statusCode >= 300 && statusCode < 400 && location !== undefined) {
        await response.body.dump();
        if (++redirects > this.limits.maxRedirects) throw new DownloadError(`it redirected more than ${this.limits.maxRedirects} times (a redirect loop?)`, true);
        const next = checkDataUrl(new URL(location, url).href);
        if (!next.ok) throw new DownloadError(`${url.href === start.href ? 'it' : excerpt(url.href, 120)} redirects to a URL that is not downloaded: ${next.reason}`, true);
        url = next.url;
        continue;
      }
      if (statusCode === 416 && have > 0) {
        // The part file does not fit the file on the server (it changed): start again.
        await response.body.dump();
        rmSync(partPath, { force: true });
        have = 0;
        continue;
      }
      if (statusCode !== 200 && statusCode !== 206) {
        await response.body.dump();
        const transient = statusCode >= 500 || statusCode === 429 || statusCode === 408;
        throw new DownloadError(`HTTP ${statusCode}${url.href === start.href ? '' : ` from ${excerpt(url.href, 120)}`}`, !transient);
      }
      const total = this.expectedTotal(statusCode, headers, have, named(url));
      if (statusCode === 200) have = 0;
      if (have === 0) writeValidator(partPath, header(headers, 'etag') ?? header(headers, 'last-modified'));
      const received = await this.writeBody(response.body, partPath, have, total, url.href, named(url), onProgress);
      // Only the lock holder writes the part file; should another writer have slipped in (a lock taken
      // over as stale while its holder still ran), the sizes disagree and the file is not trusted.
      if (sizeOf(partPath) !== received) {
        rmSync(partPath, { force: true });
        throw new DownloadError(`the part file of ${named(url)} changed while it was written (another process?)`, false);
      }
      rmSync(validatorPath(partPath), { force: true });
      const pointer = received <= 1024 ? lfsPointerIn(partPath) : undefined;
      if (pointer) {
        rmSync(partPath, { force: true });
        throw new DownloadError(explainLfsPointer(pointer, named(url)), true, true);
      }
      return received;
    }
  }

  /** The whole file's size from Content-Length (200) or Content-Range (206); refused over the cap. */
  private expectedTotal(statusCode: number, headers: Record<string, string | string[] | undefined>, have: number, name: string): number | undefined {
    let total: number | undefined;
    if (statusCode === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(headers, 'content-range') ?? '');
      if (!range || Number(range[1]) !== have) throw new DownloadError(`${name} came with a Content-Range that does not continue the ${have} bytes already received`, false);
      total = range[3] === '*' ? undefined : Number(range[3]);
    } else {
      const length = header(headers, 'content-length');
      total = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
    }
    if (total !== undefined && total > this.limits.maxFileBytes) {
      throw new DownloadError(`${name} is ${formatBytes(total)}, over the limit of ${formatBytes(this.limits.maxFileBytes)} per file: not downloaded`, true);
    }
    return total;
  }

  private async writeBody(
    body: AsyncIterable<Buffer> & { destroy(error?: Error): unknown },
    partPath: string,
    have: number,
    total: number | undefined,
    url: string,
    name: string,
    onProgress: ((p: DownloadProgress) => void) | undefined,
  ): Promise<number> {
    const out = createWriteStream(partPath, { flags: have > 0 ? 'a' : 'w' });
    let received = have;
    let discard = false;
    try {
      onProgress?.({ url, received, total });
      for await (const chunk of body) {
        received += chunk.length;
        if (received > this.limits.maxFileBytes) throw new DownloadError(`${name} sent more than the limit of ${formatBytes(this.limits.maxFileBytes)} per file: not downloaded`, true);
        if (total !== undefined && received > total) throw new DownloadError(`${name} sent more than its Content-Length of ${total} bytes`, true);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        onProgress?.({ url, received, total });
      }
    } catch (error) {
      body.destroy();
      // A part file is kept for a resume only when a new try may complete it.
      discard = error instanceof DownloadError && error.permanent;
      if (error instanceof DownloadError) throw error;
      throw new DownloadError(`${name} stopped after ${received} of ${total ?? 'an unknown number of'} bytes: ${describe(error)}`, false);
    } finally {
      await closeStream(out);
      if (discard) rmSync(partPath, { force: true });
    }
    if (total !== undefined && received < total) throw new DownloadError(`the connection closed after ${received} of ${total} bytes of ${name}`, false);
    return received;
  }
}

function closeStream(out: ReturnType<typeof createWriteStream>): Promise<void> {
  return new Promise((resolve, reject) => {
    out.once('close', () => resolve());
    out.once('error', reject);
    out.end();
  });
}

/** Where the ETag (or Last-Modified) of the response a part file came from is kept, for If-Range. */
export function validatorPath(partPath: string): string {
  return `${partPath}.validator`;
}

function writeValidator(partPath: string, validator: string | undefined): void {
  if (validator) writeFileSync(validatorPath(partPath), validator);
  else rmSync(validatorPath(partPath), { force: true });
}

function ifRange(partPath: string): { 'if-range'?: string } {
  try {
    const validator = readFileSync(validatorPath(partPath), 'utf8');
    // A weak ETag cannot stand in If-Range (RFC 9110 13.1.5): without it a changed file is caught by Content-Range's total only.
    return validator.startsWith('W/') ? {} : { 'if-range': validator };
  } catch {
    return {};
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** A failure in words: undici's errors carry a code (UND_ERR_BODY_TIMEOUT ...) worth keeping. */
function describe(error: unknown): string {
  if (error instanceof DownloadError) return error.message;
  const e = error as { message?: string; code?: string };
  if (e?.code === 'UND_ERR_BODY_TIMEOUT') return 'no data arrived within the timeout';
  if (e?.code === 'UND_ERR_HEADERS_TIMEOUT') return 'no response within the timeout';
  if (e?.code === 'UND_ERR_CONNECT_TIMEOUT') return 'the connection timed out';
  const message = e?.message ?? String(error);
  return e?.code ? `${message} (${e.code})` : message;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
