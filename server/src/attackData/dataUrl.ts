// What an attack_data URL may be, and the names derived from it. A URL comes from a detection file
// (a pull request can write anything there), so every name made from it is made so that no URL can
// reach outside the folder it is meant for: the cache key is a digest, the file name a whitelist of
// characters, and the checkout path is checked to stay inside the checkout after it is resolved.
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve } from 'node:path';
import { excerpt } from '../text/excerpt';

export type CheckedUrl = { ok: true; url: URL } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * A URL data may be downloaded from: https, or http to this machine only (a local mirror, the tests'
 * server): plain http to another host could be altered on the way, and the file is then run and
 * printed into CI logs. Other schemes (file:, ftp:, data:) are refused.
 */
export function checkDataUrl(text: string): CheckedUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `${excerpt(text, 120)} is not a URL` };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:' && isLoopback(url)) return { ok: true, url };
  if (url.protocol === 'http:') return { ok: false, reason: `${excerpt(text, 120)} is plain http: attack data is downloaded over https only (http only from this machine, 127.0.0.1)` };
  return { ok: false, reason: `${excerpt(text, 120)} is not an http(s) URL: only https (and http from 127.0.0.1) is downloaded` };
}

/** The cache's key of a URL: a digest, so neither `..`, `%2f` nor a 10,000-character name reaches the file system. */
export function urlKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 40);
}

/** The last segment of the URL's path made safe as a file name (kept for people who look into the cache). */
export function safeFileName(url: string): string {
  let name = '';
  try {
    const path = new URL(url).pathname;
    name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  } catch {
    name = '';
  }
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '_').slice(-80);
  return safe === '' ? 'data' : safe;
}

/** The part of the URL's path from `datasets/` on (splunk/attack_data's layout), decoded; undefined without one. */
export function datasetsPath(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const at = path.indexOf('/datasets/');
  if (at < 0) return undefined;
  try {
    return decodeURIComponent(path.slice(at + 1));
  } catch {
    return undefined;
  }
}

/**
 * Where a data URL lies in a local attack_data checkout: `DIR/datasets/...`, or `DIR/...` when DIR is
 * the datasets folder itself. Undefined when the URL has no `datasets/` part or its path would leave DIR.
 */
export function checkoutCandidates(checkout: string, url: string): string[] {
  const path = datasetsPath(url);
  if (path === undefined || path.includes('\0')) return [];
  const root = resolve(checkout);
  const candidates = [resolve(root, path), resolve(root, path.slice('datasets/'.length))];
  return candidates.filter((candidate) => {
    const rel = relative(root, candidate);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
}

/**
 * Where GitHub serves the Git LFS object behind a raw URL: raw.githubusercontent.com answers with the
 * pointer, media.githubusercontent.com/media/ with the data (a few corpus tests name the raw URL).
 * Undefined for any other URL.
 */
export function lfsMediaUrl(url: string): string | undefined {
  const match = /^https:\/\/raw\.githubusercontent\.com\/([^/]+\/[^/]+\/.+)$/.exec(url);
  return match ? `https://media.githubusercontent.com/media/${match[1]}` : undefined;
}
