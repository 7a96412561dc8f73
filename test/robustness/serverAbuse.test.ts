// The language server under abuse, over real stdio with hand-made frames: malformed JSON-RPC,
// malformed frames, requests for documents that were closed or never opened, 1,000 edits in a burst,
// a cancelled request. After each, the server is still running and answers the next request correctly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_PATH, WORKSPACE } from '../lsp/harness';

const GUARD = { timeout: 60_000 };
const DETECTION = join(WORKSPACE, 'detections/endpoint/windows_msiexec_dllregisterserver.yml');
const TEXT = readFileSync(DETECTION, 'utf8');
const URI = pathToFileURL(DETECTION).href;

interface Message {
  id?: number | string | null;
  method?: string;
  params?: { uri?: string; version?: number; diagnostics?: Array<{ code?: string | number; range: unknown }> } & Record<string, unknown>;
  result?: unknown;
  error?: { code: number; message: string };
}

/** JSON-RPC over the server's stdio with nothing in between: frames are written by hand. */
class RawClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number | string, (message: Message) => void>();
  readonly notifications: Message[] = [];
  private readonly notificationWaiters: Array<{ accept: (m: Message) => boolean; resolve: (m: Message) => void }> = [];
  readonly errorsLogged: string[] = [];
  exitCode: number | null | undefined;
  private readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code) => ((this.exitCode = code), resolve())));
  }

  static start(): RawClient {
    if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run \`npm run build\` first`);
    return new RawClient(spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] }));
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  writeRaw(bytes: string | Buffer): void {
    this.child.stdin!.write(bytes);
  }

  frame(body: string): void {
    this.writeRaw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request<R = unknown>(method: string, params: unknown): Promise<Message & { result?: R }> {
    const id = this.nextId++;
    return this.requestWithId(id, method, params) as Promise<Message & { result?: R }>;
  }

  requestWithId(id: number | string, method: string, params: unknown): Promise<Message> {
    const answered = new Promise<Message>((resolve, reject) => {
      this.pending.set(id, resolve);
      void this.exited.then(() => reject(new Error(`the server exited (code ${this.exitCode}) before answering ${method}`)));
    });
    this.frame(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return answered;
  }

  notify(method: string, params: unknown): void {
    this.frame(JSON.stringify({ jsonrpc: '2.0', method, params }));
  }

  /** The first notification (already received or still to come) that `accept` takes. */
  waitForNotification(accept: (m: Message) => boolean): Promise<Message> {
    const found = this.notifications.find(accept);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.notificationWaiters.push({ accept, resolve }));
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    await this.request('shutdown', null);
    this.notify('exit', null);
    await this.exited;
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method === undefined && message.id !== undefined && message.id !== null) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
      return;
    }
    if (message.method === 'window/logMessage' && (message.params as { type?: number }).type === 1) this.errorsLogged.push(String(message.params?.message));
    if (message.id !== undefined && message.method) {
      // A request from the server (e.g. client/registerCapability): acknowledge it.
      this.frame(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: null }));
      return;
    }
    this.notifications.push(message);
    for (const waiter of [...this.notificationWaiters]) {
      if (!waiter.accept(message)) continue;
      this.notificationWaiters.splice(this.notificationWaiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  }
}

let client: RawClient;

/** Hover on `process_msiexec` in the detection: the server's answer names the macro's definition. */
async function assertHoverWorks(uri = URI): Promise<void> {
  const at = TEXT.indexOf('`process_msiexec`') + 3;
  const before = TEXT.slice(0, at).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const answer = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position });
  assert.equal(answer.error, undefined, JSON.stringify(answer.error));
  assert.match(JSON.stringify(answer.result), /msiexec\.exe/, 'the hover shows the macro definition');
  assert.ok(client.alive);
}

const diagnosticsFor = (uri: string, version: number) => (m: Message) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === uri && m.params?.version === version;

before(async () => {
  client = RawClient.start();
  const root = pathToFileURL(WORKSPACE).href;
  const init = await client.request('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'workspace' }],
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  assert.ok(init.result, JSON.stringify(init.error));
  client.notify('initialized', {});
  client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: TEXT } });
  await client.waitForNotification(diagnosticsFor(URI, 1));
});

after(async () => {
  await client.stop();
  assert.equal(client.exitCode, 0, 'the server exits cleanly after shutdown/exit');
});

test('malformed JSON-RPC: bad JSON, non-RPC objects, unknown methods and wrong params never stop the server', GUARD, async () => {
  client.frame('{"jsonrpc":"2.0","id":900,"method":');
  client.frame('[1, 2, 3]');
  client.frame('{"hello":"world"}');
  client.frame('"just a string"');
  client.frame('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":42},"contentChanges":"nope"}}');
  client.frame('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":null}');
  client.frame(JSON.stringify({ jsonrpc: '2.0', method: '$/unknownNotification', params: { x: 1 } }));
  await assertHoverWorks();

  const unknown = await client.request('workspace/noSuchRequest', {});
  assert.equal(unknown.error?.code, -32601, 'MethodNotFound');
  for (const params of [null, {}, { textDocument: 5 }, { textDocument: { uri: URI }, position: { line: -4, character: 'x' } }, { textDocument: { uri: 'not a uri' }, position: { line: 1e9, character: 1e9 } }]) {
    const answer = await client.request('textDocument/hover', params);
    assert.ok(answer.error === undefined || typeof answer.error.message === 'string', JSON.stringify(answer));
    assert.ok(answer.error !== undefined || answer.result === null, `hover with ${JSON.stringify(params)} answered ${JSON.stringify(answer)}`);
  }
  // Malformed messages are logged (by the JSON-RPC library, or as "<feature> failed" by the server's
  // guard) and answered with an error or null; well-formed ones after them must log nothing.
  assert.ok(client.errorsLogged.length > 0, 'the malformed messages were noticed');
  client.errorsLogged.length = 0;
  const farAway = await client.request('textDocument/completion', { textDocument: { uri: URI }, position: { line: 99_999, character: 0 } });
  assert.equal(farAway.error, undefined, JSON.stringify(farAway.error));
  await assertHoverWorks();
  assert.deepEqual(client.errorsLogged, [], 'no handler failed on well-formed requests');
});

test('malformed frames (negative, non-numeric or missing Content-Length, an endless header) are logged and skipped; the next message is served', GUARD, async () => {
  const hover = () => {
    const at = TEXT.indexOf('`process_msiexec`') + 3;
    const before = TEXT.slice(0, at).split('\n');
    return { textDocument: { uri: URI }, position: { line: before.length - 1, character: before[before.length - 1].length } };
  };
  const cases: [string, RegExp][] = [
    ['Content-Length: -5\r\n\r\n{"jsonrpc":"2.0","id":901,"method":"shutdown"}', /Content-Length "-5" is not a byte count/],
    ['Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0"}', /Content-Length "twelve" is not a byte count/],
    ['Content-Type: application/json\r\n\r\n{"jsonrpc":"2.0","method":"exit"}', /no Content-Length header/],
    [`X-Padding: ${'x'.repeat(10_000)}`, /no blank line ends the header within 8192 bytes/],
    [`Content-Length: ${'9'.repeat(200)}\r\n\r\n`, new RegExp(`Content-Length "${'9'.repeat(40)}\\.\\.\\." is not a byte count`)],
  ];
  for (const [bytes, logged] of cases) {
    client.errorsLogged.length = 0;
    client.writeRaw(bytes);
    const answer = await client.request('textDocument/hover', hover());
    assert.match(JSON.stringify(answer.result), /msiexec\.exe/, `served after ${JSON.stringify(bytes.slice(0, 40))}`);
    assert.equal(client.errorsLogged.length, 1, client.errorsLogged.join('\n'));
    assert.match(client.errorsLogged[0], /^ignored a message with a malformed header: /);
    assert.match(client.errorsLogged[0], logged);
    assert.ok(client.errorsLogged[0].length < 300, 'the message quotes at most an excerpt');
  }
  assert.ok(client.alive, 'the skipped shutdown and exit were not read as messages');
});

test('requests about a closed document, and edits of it, answer empty', GUARD, async () => {
  const path = join(WORKSPACE, 'detections/custom/closed_soon.yml');
  const uri = pathToFileURL(path).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: TEXT } });
  await client.waitForNotification(diagnosticsFor(uri, 1));
  await assertHoverWorks(uri);
  client.notify('textDocument/didClose', { textDocument: { uri } });
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'search: x' }] });
  const position = { line: 20, character: 10 };
  client.errorsLogged.length = 0;
  assert.equal((await client.request('textDocument/hover', { textDocument: { uri }, position })).result, null);
  assert.equal((await client.request('textDocument/completion', { textDocument: { uri }, position })).result, null);
  assert.equal((await client.request('textDocument/definition', { textDocument: { uri }, position })).result, null);
  assert.deepEqual((await client.request('textDocument/documentSymbol', { textDocument: { uri } })).result, []);
  assert.deepEqual((await client.request('textDocument/semanticTokens/full', { textDocument: { uri } })).result, { data: [] });
  await assertHoverWorks();
  assert.deepEqual(client.errorsLogged, [], 'no handler failed');
});

test('1,000 edits in a burst: the diagnostics of the last version arrive and are right', GUARD, async () => {
  const marker = '| `drop_dm_object_name(Processes)`';
  const at = TEXT.indexOf(marker);
  assert.ok(at > 0);
  let text = TEXT;
  for (let version = 2; version <= 1001; version++) {
    // Typing the name of a macro that does not exist, one character at a time (wrapping around).
    const typed = 'no_such_macro_'.repeat(80).slice(0, (version - 2) % 60);
    text = `${TEXT.slice(0, at)}| \`${typed}x\` ${TEXT.slice(at)}`;
    client.notify('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text }] });
  }
  const last = await client.waitForNotification(diagnosticsFor(URI, 1001));
  const undefinedMacro = last.params!.diagnostics!.filter((d) => d.code === 'MAC001');
  assert.equal(undefinedMacro.length, 1, JSON.stringify(last.params!.diagnostics));
  const typedLast = 'no_such_macro_'.repeat(80).slice(0, (1001 - 2) % 60);
  assert.ok(text.includes(`\`${typedLast}x\``));
  const line = text.slice(0, text.indexOf(`\`${typedLast}x\``)).split('\n').length - 1;
  assert.equal((undefinedMacro[0].range as { start: { line: number } }).start.line, line);
  client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 1002 }, contentChanges: [{ text: TEXT }] });
  await client.waitForNotification(diagnosticsFor(URI, 1002));
  await assertHoverWorks();
});

test('a cancelled request is answered (result or RequestCancelled) and the next request is served', GUARD, async () => {
  const at = TEXT.indexOf('`process_msiexec`') + 3;
  const before = TEXT.slice(0, at).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const cancelled = client.requestWithId('cancel-me', 'textDocument/references', { textDocument: { uri: URI }, position, context: { includeDeclaration: true } });
  client.notify('$/cancelRequest', { id: 'cancel-me' });
  client.notify('$/cancelRequest', { id: 'never-sent' });
  const answer = await cancelled;
  assert.ok(answer.error === undefined ? Array.isArray(answer.result) : answer.error.code === -32800, JSON.stringify(answer));
  await assertHoverWorks();
});
