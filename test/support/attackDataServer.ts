// An HTTP server on 127.0.0.1 that serves real sample logs the way media.githubusercontent.com does
// (Content-Length, Range requests answered 206) under /datasets/..., and misbehaves on purpose under
// /bad/...: 404, 500 before a success, a cut mid-body, a stalled body, a redirect loop, a Git LFS
// pointer, a wrong or huge Content-Length, and /bad/slow/: the file, slowly. Every request is recorded (path, Range header).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  range: string | undefined;
  ifRange: string | undefined;
}

/** The ETag every file is served with. */
export const ETAG = '"v1"';

export interface AttackDataServer {
  base: string;
  requests: RecordedRequest[];
  /** The URL of a file served under /datasets/<path>. */
  url(path: string): string;
  close(): Promise<void>;
}

export const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';

/** `files`: path under /datasets/ -> content. Misbehaving routes serve `files`' first entry. */
export async function startAttackDataServer(files: Record<string, Buffer>): Promise<AttackDataServer> {
  const requests: RecordedRequest[] = [];
  const failuresLeft = new Map<string, number>();
  const cutDone = new Set<string>();
  const first = Object.values(files)[0];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ path, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
    if (path.startsWith('/datasets/')) return serve(req, res, files[path.slice('/datasets/'.length)]);
    const [, , kind, times] = path.split('/');
    switch (kind) {
      case 'missing':
        res.writeHead(404).end('Not Found');
        return;
      case 'flaky': {
        const left = failuresLeft.get(path) ?? Number(times ?? 1);
        if (left > 0) {
          failuresLeft.set(path, left - 1);
          res.writeHead(500).end('try again');
          return;
        }
        return serve(req, res, first);
      }
      case 'cut':
        if (!cutDone.has(path)) {
          cutDone.add(path);
          const half = first.subarray(0, Math.floor(first.length / 2));
          req.socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${first.length}\r\nETag: ${ETAG}\r\n\r\n`);
          req.socket.end(half, () => req.socket.destroy());
          return;
        }
        return serve(req, res, first);
      case 'stall':
        res.writeHead(200, { 'content-length': String(first.length) });
        res.write(first.subarray(0, 100));
        return;
      case 'loop':
        res.writeHead(302, { location: path }).end();
        return;
      case 'to-http':
        res.writeHead(302, { location: 'http://attack-data.invalid/datasets/x.log' }).end();
        return;
      case 'lfs':
        res.writeHead(200, { 'content-length': String(Buffer.byteLength(LFS_POINTER)) }).end(LFS_POINTER);
        return;
      case 'short':
        req.socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${first.length + 100}\r\n\r\n`);
        req.socket.end(first, () => req.socket.destroy());
        return;
      case 'slow': {
        // The whole file in 25 pieces over about 3 s: long enough to see a download's progress.
        res.writeHead(200, { 'content-length': String(first.length) });
        const piece = Math.ceil(first.length / 25);
        let sent = 0;
        const timer = setInterval(() => {
          if (res.destroyed) return clearInterval(timer);
          res.write(first.subarray(sent, sent + piece));
          sent += piece;
          if (sent >= first.length) {
            clearInterval(timer);
            res.end();
          }
        }, 120);
        return;
      }
      case 'huge':
        res.writeHead(200, { 'content-length': String(10 ** 13) });
        res.write('x');
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    url: (path) => `${base}/datasets/${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The file, whole (200) or from the Range's start (206), as a CDN answers. */
function serve(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): void {
  if (!body) {
    res.writeHead(404).end('Not Found');
    return;
  }
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const current = req.headers['if-range'] === undefined || req.headers['if-range'] === ETAG;
  if (range && current) {
    const start = Number(range[1]);
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    res.writeHead(206, { 'content-length': String(body.length - start), 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, etag: ETAG });
    res.end(body.subarray(start));
    return;
  }
  res.writeHead(200, { 'content-length': String(body.length), etag: ETAG });
  res.end(body);
}
