// The attack data source against a real HTTP server on 127.0.0.1 (test/support/attackDataServer.ts)
// that serves a real sample log with Range support and misbehaves on purpose. Each case checks what
// lands in the cache (the whole file, byte for byte, or nothing counted as data) and the message.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { AttackDataSource, type AttackDataOptions } from '../../server/src/attackData/attackDataSource';
import { AttackDataCache } from '../../server/src/attackData/cache';
import { lfsMediaUrl } from '../../server/src/attackData/dataUrl';
import { LFS_POINTER, startAttackDataServer } from '../support/attackDataServer';

const root = resolve(__dirname, '../..');
const log = readFileSync(join(root, 'samples/logs/msiexec_sysmon.log'));
const DATA_PATH = 'attack_techniques/T1218.007/atomic_red_team/windows-sysmon.log';
const work = mkdtempSync(join(tmpdir(), 'attack-data-'));
after(() => rmSync(work, { recursive: true, force: true }));

const FAST = { timeoutMs: 400, retries: 2, backoffMs: 5, maxRedirects: 5, maxFileBytes: 1024 ** 3 };

function source(options: Partial<AttackDataOptions> = {}): AttackDataSource {
  return new AttackDataSource({ cacheDir: mkdtempSync(join(work, 'cache-')), limits: FAST, ...options });
}

/** The files of the cache folder that count as data (not part files, not locks). */
function dataFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => /^[0-9a-f]{40}-/.test(name)) : [];
}

test('a file is downloaded once into the cache (whole, byte for byte), then found there without the network', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const progress: Array<[number, number | undefined]> = [];
  const got = await data.obtain(server.url(DATA_PATH), (p) => progress.push([p.received, p.total]));
  assert.ok(got.ok, JSON.stringify(got));
  assert.equal(got.via, 'download');
  assert.deepEqual(readFileSync(got.path), log);
  assert.ok(got.path.startsWith(data.cache.dir + '/') && got.path.endsWith('-windows-sysmon.log'), got.path);
  assert.deepEqual(progress.at(-1), [log.length, log.length]);
  const again = await data.obtain(server.url(DATA_PATH));
  assert.deepEqual(again, { ok: true, path: got.path, via: 'cache' });
  assert.equal(server.requests.length, 1);
  await data.close();
});

test('404 fails at once with the status; nothing is cached', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const got = await data.obtain(`${server.base}/bad/missing/x.log`);
  assert.equal(got.ok, false);
  assert.match(!got.ok ? got.reason : '', /^cannot download http:\/\/127\.0\.0\.1:\d+\/bad\/missing\/x\.log: HTTP 404$/);
  assert.equal(server.requests.length, 1, 'a 404 is not retried');
  assert.deepEqual(dataFiles(data.cache.dir), []);
  await data.close();
});

test('500 then success: retried with backoff, the file arrives whole', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const got = await data.obtain(`${server.base}/bad/flaky/2/windows-sysmon.log`);
  assert.ok(got.ok, JSON.stringify(got));
  assert.deepEqual(readFileSync(got.path), log);
  assert.equal(server.requests.length, 3);
  await data.close();
});

test('500 every time: gives up after the bounded retries, saying how many tries', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const got = await data.obtain(`${server.base}/bad/flaky/99/windows-sysmon.log`);
  assert.equal(got.ok, false);
  assert.match(!got.ok ? got.reason : '', /windows-sysmon\.log: HTTP 500 \(gave up after 3 tries\)$/);
  assert.equal(server.requests.length, 3);
  assert.deepEqual(dataFiles(data.cache.dir), []);
  await data.close();
});

test('a connection cut mid-body is resumed with a Range request from the bytes already received', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const got = await data.obtain(`${server.base}/bad/cut/windows-sysmon.log`);
  assert.ok(got.ok, JSON.stringify(got));
  assert.deepEqual(readFileSync(got.path), log);
  assert.equal(server.requests.length, 2);
  assert.equal(server.requests[0].range, undefined);
  const resumedFrom = Number(/^bytes=(\d+)-$/.exec(server.requests[1].range ?? '')?.[1]);
  assert.ok(resumedFrom > 0 && resumedFrom <= Math.floor(log.length / 2), `resumed from ${server.requests[1].range}`);
  assert.equal(server.requests[1].ifRange, '"v1"', 'only if the file is still the one the part came from');
  assert.deepEqual(readdirSync(data.cache.dir).filter((name) => !/^[0-9a-f]{40}-/.test(name)), [], 'no part, validator or lock left');
  await data.close();
});

test('a body that stalls past the timeout fails after the retries; the part file is not data', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const got = await data.obtain(`${server.base}/bad/stall/windows-sysmon.log`);
  assert.equal(got.ok, false);
  assert.match(!got.ok ? got.reason : '', /: the file stopped after 100 of 19723 bytes: no data arrived within the timeout \(gave up after 3 tries\)$/);
  assert.deepEqual(dataFiles(data.cache.dir), []);
  assert.equal(data.local(`${server.base}/bad/stall/windows-sysmon.log`).ok, false);
  await data.close();
});

test('a redirect loop stops at the bound; a redirect to plain http elsewhere is refused before connecting', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const loop = await data.obtain(`${server.base}/bad/loop/x.log`);
  assert.match(!loop.ok ? loop.reason : '', /x\.log: it redirected more than 5 times \(a redirect loop\?\)$/);
  assert.equal(server.requests.length, 6);
  const toHttp = await data.obtain(`${server.base}/bad/to-http/x.log`);
  assert.match(!toHttp.ok ? toHttp.reason : '', /x\.log: it redirects to a URL that is not downloaded: http:\/\/attack-data\.invalid\/datasets\/x\.log is plain http/);
  await data.close();
});

test('a Git LFS pointer served as the file is recognised and explained, never cached as a log', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const got = await data.obtain(`${server.base}/bad/lfs/windows-sysmon.log`);
  assert.equal(got.ok, false);
  assert.match(!got.ok ? got.reason : '', /windows-sysmon\.log: the file is a Git LFS pointer \(object sha256:4d7a2146\w+, 12345 bytes\), not the data itself/);
  assert.deepEqual(readdirSync(data.cache.dir).filter((n) => !n.endsWith('.lock')), []);
  await data.close();
});

test('a body shorter than its Content-Length is never committed', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const got = await data.obtain(`${server.base}/bad/short/windows-sysmon.log`);
  assert.equal(got.ok, false);
  assert.match(!got.ok ? got.reason : '', /short\/windows-sysmon\.log: the file stopped after 19723 of 19823 bytes: other side closed \(UND_ERR_SOCKET\) \(gave up after 3 tries\)$/);
  assert.deepEqual(dataFiles(data.cache.dir), []);
  await data.close();
});

test('a Content-Length over the per-file cap is refused before the body is read', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const got = await data.obtain(`${server.base}/bad/huge/x.log`);
  assert.equal(got.ok, false);
  assert.match(!got.ok ? got.reason : '', /: the file is 9\.1 TiB, over the limit of 1\.0 GiB per file: not downloaded$/);
  assert.equal(server.requests.length, 1);
  const small = source({ limits: { ...FAST, maxFileBytes: 1000 } });
  const capped = await small.obtain(server.url(DATA_PATH));
  assert.match(!capped.ok ? capped.reason : '', /windows-sysmon\.log: the file is 19 KiB, over the limit of 1000 B per file: not downloaded$/);
  assert.deepEqual(dataFiles(small.cache.dir), []);
  await Promise.all([data.close(), small.close()]);
});

test('cancelling leaves no file counted as data', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const controller = new AbortController();
  const url = `${server.base}/bad/stall/windows-sysmon.log`;
  const got = await data.obtain(url, (p) => {
    if (p.received > 0) controller.abort();
  }, controller.signal);
  assert.deepEqual(got, { ok: false, reason: `the download of ${url} was cancelled`, cancelled: true });
  assert.deepEqual(dataFiles(data.cache.dir), []);
  assert.equal(data.local(url).ok, false);
  await data.close();
});

test('offline, untrusted, and non-http(s) URLs: no request, a reason naming what is missing', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const offline = await source({ offline: true }).obtain(server.url(DATA_PATH));
  assert.match(!offline.ok ? offline.reason : '', /^not in the cache .*, and downloads are off \(offline\)$/);
  const untrusted = await source({ downloadsRefused: 'the workspace is not trusted' }).obtain(server.url(DATA_PATH));
  assert.match(!untrusted.ok ? untrusted.reason : '', /, and the workspace is not trusted$/);
  for (const url of ['file:///etc/passwd', 'ftp://example.com/datasets/a.log', 'http://example.com/datasets/a.log', 'not a url']) {
    const got = await source().obtain(url);
    assert.equal(got.ok, false, url);
    assert.match(!got.ok ? got.reason : '', /is not an http\(s\) URL|is plain http|is not a URL/, url);
  }
  assert.equal(server.requests.length, 0);
});

test('a local attack_data checkout is used by the URL\'s datasets/ path; an LFS pointer there is explained and the cache/download used instead', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const checkout = mkdtempSync(join(work, 'checkout-'));
  mkdirSync(join(checkout, 'datasets/attack_techniques/T1218.007/atomic_red_team'), { recursive: true });
  writeFileSync(join(checkout, 'datasets', DATA_PATH), log);
  const found = source({ checkout }).local(server.url(DATA_PATH));
  assert.deepEqual(found, { ok: true, path: join(checkout, 'datasets', DATA_PATH), via: 'checkout' });
  assert.deepEqual(source({ checkout: join(checkout, 'datasets') }).local(server.url(DATA_PATH)), { ...found });
  writeFileSync(join(checkout, 'datasets', DATA_PATH), LFS_POINTER);
  const offline = source({ checkout, offline: true }).local(server.url(DATA_PATH));
  assert.match(!offline.ok ? offline.reason : '', /the checkout's .*windows-sysmon\.log is a Git LFS pointer .*\(run `git lfs pull` in it\)/);
  const data = source({ checkout });
  const got = await data.obtain(server.url(DATA_PATH));
  assert.ok(got.ok && got.via === 'download', JSON.stringify(got));
  assert.equal(server.requests.length, 1);
  await data.close();
});

test('no URL writes outside the cache or reads outside the checkout: .., encoded slashes, long names', async () => {
  const cache = new AttackDataCache(join(work, 'escape-cache'));
  const checkout = join(work, 'escape-checkout');
  for (const url of [
    'https://h/datasets/../../../../etc/passwd',
    'https://h/datasets/..%2f..%2f..%2fetc%2fpasswd',
    'https://h/datasets/%2e%2e/%2e%2e/x',
    `https://h/datasets/${'a'.repeat(5000)}.log`,
    'https://h/datasets/x%00y',
  ]) {
    for (const path of [cache.pathFor(url), cache.partPathFor(url)]) {
      assert.equal(resolve(path, '..'), cache.dir, `${url} -> ${path}`);
      assert.ok(path.length < cache.dir.length + 130, path);
    }
    const data = new AttackDataSource({ cacheDir: cache.dir, checkout, offline: true });
    assert.equal(data.local(url).ok, false);
  }
});

test('past the size cap the least recently used files are evicted, never the one kept', () => {
  const dir = mkdtempSync(join(work, 'lru-'));
  const cache = new AttackDataCache(dir, 2500);
  const urls = ['https://h/datasets/a.log', 'https://h/datasets/b.log', 'https://h/datasets/c.log'];
  const paths = urls.map((url, i) => {
    writeFileSync(cache.partPathFor(url), Buffer.alloc(1000));
    const path = cache.commit(url, cache.partPathFor(url));
    const when = new Date(Date.now() - (10 - i) * 60_000);
    utimesSync(path, when, when);
    return path;
  });
  assert.ok(cache.lookup(urls[0]), 'a is used again: now the most recent');
  assert.deepEqual(cache.evict([paths[1]]), [paths[2]], 'b is the least recent but kept, c goes');
  assert.deepEqual(cache.entries().map((e) => e.path), [paths[1], paths[0]]);
  assert.deepEqual(cache.evict(), [], 'under the cap: nothing more');
  const old = cache.partPathFor('https://h/datasets/abandoned.log');
  const recent = cache.partPathFor('https://h/datasets/resumable.log');
  for (const path of [old, `${old}.validator`, recent]) writeFileSync(path, 'x');
  const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
  utimesSync(old, weekAgo, weekAgo);
  utimesSync(`${old}.validator`, weekAgo, weekAgo);
  cache.evict();
  assert.deepEqual([existsSync(old), existsSync(`${old}.validator`), existsSync(recent)], [false, false, true], 'a part untouched for a week goes, a recent one stays for its resume');
});

test('two processes fetching the same URL at once: one downloads, the other waits for it; one whole file', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const cacheDir = mkdtempSync(join(work, 'shared-'));
  const script = join(work, 'obtain.ts');
  writeFileSync(script, `import { AttackDataSource } from ${JSON.stringify(join(root, 'server/src/attackData/attackDataSource'))};
const data = new AttackDataSource({ cacheDir: process.argv[2] });
data.obtain(process.argv[3]).then(async (got) => { console.log(JSON.stringify(got)); await data.close(); });
`);
  const url = `${server.base}/bad/flaky/1/windows-sysmon.log`;
  const run = () => new Promise<string>((done, fail) => execFile(process.execPath, ['--import', 'tsx', script, cacheDir, url], { cwd: root }, (error, stdout) => (error ? fail(error) : done(stdout))));
  const outputs = await Promise.all([run(), run()]);
  const results = outputs.map((out) => JSON.parse(out) as { ok: boolean; path: string; via: string });
  assert.ok(results.every((r) => r.ok), outputs.join(''));
  assert.equal(results[0].path, results[1].path);
  assert.deepEqual(results.map((r) => r.via).sort(), ['cache', 'download']);
  assert.deepEqual(readFileSync(results[0].path), log);
  assert.equal(server.requests.filter((r) => r.path.startsWith('/bad/flaky')).length, 2, 'one 500 and one success: downloaded once');
  assert.deepEqual(readdirSync(cacheDir), [basename(results[0].path)], 'no part file, no lock left');
});

test('HTTPS_PROXY is honoured (undici\'s EnvHttpProxyAgent): the proxy is asked to CONNECT to the data host', async (t) => {
  const connects: string[] = [];
  const proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, socket) => {
    connects.push(req.url ?? '');
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  t.after(() => new Promise<void>((done) => proxy.close(() => done())));
  const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, https_proxy: process.env.https_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
  t.after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  delete process.env.https_proxy;
  delete process.env.no_proxy;
  delete process.env.NO_PROXY;
  process.env.HTTPS_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const data = source({ limits: { ...FAST, retries: 0 } });
  const got = await data.obtain('https://attack-data.invalid/datasets/x.log');
  assert.equal(got.ok, false);
  assert.deepEqual(connects, ['attack-data.invalid:443']);
  assert.match(!got.ok ? got.reason : '', /^cannot download https:\/\/attack-data\.invalid\/datasets\/x\.log: the file stopped|^cannot download .*403/);
  await data.close();
});

test('a lock left by a process that died is taken over; a live holder\'s lock is waited for, not broken', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const url = server.url(DATA_PATH);
  mkdirSync(data.cache.dir, { recursive: true });
  const lock = join(data.cache.dir, `${basename(data.cache.partPathFor(url), '.part')}.lock`);
  // A pid no process has (pid_max is at most 2^22 on Linux).
  writeFileSync(lock, String(2 ** 22 + 17));
  const got = await data.obtain(url);
  assert.ok(got.ok && got.via === 'download', JSON.stringify(got));
  assert.equal(existsSync(lock), false, 'released after the download');
  const other = new AttackDataCache(mkdtempSync(join(work, 'held-')));
  writeFileSync(join(other.dir, basename(lock)), String(process.pid));
  assert.equal(other.tryLock(url), undefined, 'this live process holds it');
  await data.close();
});

test('a part file from an older version of the file (its ETag no longer current) is not resumed: the whole file comes again', async (t) => {
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const data = source();
  const url = server.url(DATA_PATH);
  mkdirSync(data.cache.dir, { recursive: true });
  writeFileSync(data.cache.partPathFor(url), Buffer.from('stale bytes of an older version\n'));
  writeFileSync(`${data.cache.partPathFor(url)}.validator`, '"v0"');
  const got = await data.obtain(url);
  assert.ok(got.ok, JSON.stringify(got));
  assert.deepEqual(server.requests.map((r) => [r.range, r.ifRange]), [['bytes=32-', '"v0"']]);
  assert.deepEqual(readFileSync(got.path), log, 'the server answered 200 and the part was written again from the start');
  await data.close();
});

test('a URL that serves a Git LFS pointer is fetched again from its media URL (raw.githubusercontent.com -> media.githubusercontent.com/media)', async (t) => {
  assert.equal(
    lfsMediaUrl('https://raw.githubusercontent.com/splunk/attack_data/master/datasets/attack_techniques/T1218/living_off_the_land/lolbinrisk.log'),
    'https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1218/living_off_the_land/lolbinrisk.log',
  );
  assert.equal(lfsMediaUrl('https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/a.log'), undefined);
  const server = await startAttackDataServer({ [DATA_PATH]: log });
  t.after(() => server.close());
  const pointerUrl = `${server.base}/bad/lfs/windows-sysmon.log`;
  const data = source({ lfsMediaUrl: (url) => (url === pointerUrl ? server.url(DATA_PATH) : undefined) });
  const got = await data.obtain(pointerUrl);
  assert.ok(got.ok && got.via === 'download', JSON.stringify(got));
  assert.deepEqual(readFileSync(got.path), log);
  assert.equal(got.path, data.cache.pathFor(pointerUrl), 'cached under the URL the test names');
  assert.deepEqual(server.requests.map((r) => r.path), ['/bad/lfs/windows-sysmon.log', `/datasets/${DATA_PATH}`]);
  await data.close();
});
