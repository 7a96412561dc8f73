// Drives the real bundled language server (dist/server/server.js) over stdio with a JSON-RPC client.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CancellationToken,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { rules as lintRules } from '../../server/src/lint/registry';

export const ROOT = resolve(__dirname, '../..');

/**
 * Codes of the lint rules. Their findings are tested in test/lint (and reach the editor as any other
 * diagnostic); tests about parsing and macros look past them with withoutLint.
 */
export const LINT_CODES: ReadonlySet<string> = new Set(lintRules.map((rule) => rule.meta.id));

export function withoutLint<T extends { code?: number | string }>(diagnostics: T[]): T[] {
  return diagnostics.filter((diagnostic) => !LINT_CODES.has(String(diagnostic.code)));
}
/** The bundled server; SPL_LSP_SERVER points the tests at another build (e.g. a packaged one). */
export const SERVER_PATH = process.env.SPL_LSP_SERVER ? resolve(process.env.SPL_LSP_SERVER) : resolve(ROOT, 'dist/server/server.js');
export const FIXTURES = resolve(ROOT, 'test/fixtures/lsp');
export const WORKSPACE = resolve(FIXTURES, 'workspace');

/** A fresh copy of samples/ in a new temporary folder (for tests that edit or run its files); the caller removes it. */
export function samplesCopy(prefix: string): string {
  const workspace = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
  return workspace;
}

/** A language server (no diagnostics debounce) on a fresh copy of samples/, and the detection `relative` in it with its text. */
export async function startOnSamplesCopy(prefix: string, relative: string): Promise<{ workspace: string; session: LspSession; detectionPath: string; text: string }> {
  const workspace = samplesCopy(prefix);
  const detectionPath = join(workspace, relative);
  const text = readFileSync(detectionPath, 'utf8');
  return { workspace, session: await LspSession.start(workspace, { diagnosticsSettleMs: 0 }), detectionPath, text };
}

/** Stops the server, then removes its workspace folder. */
export async function disposeWithWorkspace(session: LspSession, workspace: string): Promise<void> {
  await session.dispose();
  rmSync(workspace, { recursive: true, force: true });
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

type DiagnosticsFilter = (params: PublishDiagnosticsParams) => boolean;

/** How the test client presents itself beyond the defaults. */
export interface ClientOptions {
  /** What workspace/configuration answers, by section (e.g. `{ splDetect: { macroFolders: [...] } }`). */
  settings?: Record<string, unknown>;
  /** false: a client without WorkspaceEdit.documentChanges (edits come as `changes`). */
  documentChanges?: boolean;
  /** WorkspaceEdit resource operations the client takes (`['rename']` lets a quick fix rename a file). */
  resourceOperations?: string[];
  /** true: the client takes dynamic didChangeWatchedFiles registrations with relative patterns (as VS Code does). */
  fileWatchers?: boolean;
  /** Options for the server's node process, e.g. `--max-old-space-size=256` to hold it to a memory bound. */
  nodeArgs?: string[];
}

/** A `client/registerCapability` registration the server asked for. */
export interface ClientRegistration {
  id: string;
  method: string;
  registerOptions?: unknown;
}

interface Waiter {
  uri: string;
  accept: DiagnosticsFilter;
  resolve: (params: PublishDiagnosticsParams) => void;
  reject: (error: Error) => void;
}

export class LspSession {
  readonly initializeResult: Promise<InitializeResult>;
  /** Every publishDiagnostics notification received, per uri, in arrival order. */
  private readonly received = new Map<string, PublishDiagnosticsParams[]>();
  /** How many of `received` a waitForDiagnostics call already consumed, per uri. */
  private readonly consumed = new Map<string, number>();
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  private readonly stderr: string[] = [];
  readonly logMessages: string[] = [];
  /** Methods of the refresh requests the server sent (workspace/inlayHint/refresh ...), in order. */
  readonly refreshRequests: string[] = [];
  /** Every `$/progress` notification, in arrival order. */
  readonly progress: Array<{ token: string | number; value: { kind: string; percentage?: number; message?: string; title?: string } }> = [];
  /** Every capability the server registered with the client, in order. */
  readonly registrations: ClientRegistration[] = [];
  private registrationWaiters: (() => void)[] = [];
  private death: Error | undefined;
  private readonly died: Promise<never>;
  /** What the client answers to workspace/configuration, by section (e.g. `splDetect`). */
  private settings: Record<string, unknown>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
    workspace: string,
    initializationOptions: object,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.died = new Promise<never>((_, reject) => {
      child.on('exit', (code, signal) => {
        this.death = new Error(`language server exited (code ${code}, signal ${signal})${this.lastWords()}`);
        for (const waiter of this.waiters.splice(0)) waiter.reject(this.death);
        reject(this.death);
      });
    });
    this.died.catch(() => undefined);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => this.onDiagnostics(params));
    connection.onNotification('$/progress', (params: LspSession['progress'][number]) => {
      this.progress.push(params);
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logMessages.push(params.message);
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section ? (this.settings[item.section] ?? null) : this.settings)),
    );
    for (const method of ['workspace/inlayHint/refresh', 'workspace/codeLens/refresh']) {
      connection.onRequest(method, () => {
        this.refreshRequests.push(method);
        return null;
      });
    }
    connection.onRequest('client/registerCapability', (params: { registrations: ClientRegistration[] }) => {
      this.registrations.push(...params.registrations);
      for (const wake of this.registrationWaiters.splice(0)) wake();
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.listen();
    this.initializeResult = this.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: fileUri(workspace),
      capabilities: {
        workspace: {
          configuration: true,
          workspaceEdit: { documentChanges: options.documentChanges ?? true, ...(options.resourceOperations ? { resourceOperations: options.resourceOperations } : {}) },
          ...(options.fileWatchers ? { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } : {}),
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          semanticTokens: {
            requests: { full: true, range: true },
            tokenTypes: [],
            tokenModifiers: [],
            formats: ['relative'],
          },
        },
      },
      workspaceFolders: [{ uri: fileUri(workspace), name: 'workspace' }],
      initializationOptions,
    }).then(async (result) => {
      await this.connection.sendNotification('initialized', {});
      return result;
    });
  }

  /**
   * Starts the server on a workspace folder and completes the initialize handshake. Tests that
   * replay many edits pass `{ diagnosticsSettleMs: 0 }` to skip the server's typing debounce.
   */
  static async start(workspace = WORKSPACE, initializationOptions: object = {}, options: ClientOptions = {}): Promise<LspSession> {
    if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(child, connection, workspace, initializationOptions, options);
    await session.initializeResult;
    return session;
  }

  /** A request that fails with the server's last words instead of hanging when the server dies. */
  async request<R>(method: string, params: unknown): Promise<R> {
    if (this.death) throw this.death;
    return Promise.race([this.connection.sendRequest(method, params) as Promise<R>, this.died]);
  }

  /** `request` with a token the test cancels (the client then sends $/cancelRequest). */
  async requestCancellable<R>(method: string, params: unknown, token: CancellationToken): Promise<R> {
    if (this.death) throw this.death;
    return Promise.race([this.connection.sendRequest(method, params, token) as Promise<R>, this.died]);
  }

  /** Calls `handler` with each notification of `method` the server sends from now on. */
  onNotification(method: string, handler: (params: unknown) => void): void {
    this.connection.onNotification(method, handler);
  }

  async notify(method: string, params: unknown): Promise<void> {
    if (this.death) throw this.death;
    await this.connection.sendNotification(method, params);
  }

  /** Opens a file; the text defaults to the file's content on disk. Returns the document's uri. */
  async open(path: string, text = readFileSync(path, 'utf8'), languageId = languageOf(path)): Promise<string> {
    const uri = fileUri(path);
    this.versions.set(uri, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** The first registration of `method` the server asks for (at once if it already did). */
  async waitForRegistration(method: string): Promise<ClientRegistration> {
    for (;;) {
      const found = this.registrations.find((registration) => registration.method === method);
      if (found) return found;
      if (this.death) throw this.death;
      await Promise.race([new Promise<void>((resolve) => this.registrationWaiters.push(resolve)), this.died]);
    }
  }

  /** The version the last open/change gave the document. */
  versionOf(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  /** New settings, as the editor sends them when the user edits settings.json. */
  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.notify('workspace/didChangeConfiguration', { settings });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * The next diagnostics published for `uri` that `accept` takes (by default: any), skipping and
   * consuming earlier ones. Resolves as soon as the notification arrives; no polling, no sleeps.
   */
  waitForDiagnostics(uri: string, accept: DiagnosticsFilter = () => true): Promise<PublishDiagnosticsParams> {
    const found = this.consume(uri, accept);
    if (found) return Promise.resolve(found);
    if (this.death) return Promise.reject(this.death);
    return new Promise((resolve, reject) => this.waiters.push({ uri, accept, resolve, reject }));
  }

  /** Diagnostics for exactly this version of the document. */
  waitForVersion(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics(uri, (params) => params.version === version);
  }

  /** All notifications received so far for a uri (consumed or not). */
  diagnosticsReceived(uri: string): PublishDiagnosticsParams[] {
    return [...(this.received.get(uri) ?? [])];
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async shutdown(): Promise<number | null> {
    if (this.death) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.on('exit', (code) => resolve(code)));
    await this.request('shutdown', null);
    await this.notify('exit', null);
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  /** For `after` hooks: never throws, ends the process whatever state it is in. */
  async dispose(): Promise<void> {
    try {
      await this.shutdown();
    } catch {
      this.child.kill();
    }
  }

  get alive(): boolean {
    return this.death === undefined;
  }

  private onDiagnostics(params: PublishDiagnosticsParams): void {
    const list = this.received.get(params.uri) ?? [];
    list.push(params);
    this.received.set(params.uri, list);
    for (const waiter of [...this.waiters]) {
      if (waiter.uri !== params.uri) continue;
      const found = this.consume(params.uri, waiter.accept);
      if (found) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    }
  }

  private consume(uri: string, accept: DiagnosticsFilter): PublishDiagnosticsParams | undefined {
    const list = this.received.get(uri) ?? [];
    let index = this.consumed.get(uri) ?? 0;
    while (index < list.length) {
      const candidate = list[index++];
      this.consumed.set(uri, index);
      if (accept(candidate)) return candidate;
    }
    return undefined;
  }

  private lastWords(): string {
    const text = this.stderr.join('').trim();
    return text ? `; stderr:\n${text.slice(-4000)}` : '';
  }
}

function languageOf(path: string): string {
  if (path.endsWith('.spl')) return 'spl';
  if (path.endsWith('.yml') || path.endsWith('.yaml')) return 'yaml';
  return 'plaintext';
}

export interface DecodedToken {
  line: number;
  character: number;
  length: number;
  type: string;
  /** The file text under the token: makes failures and golden files readable. */
  text: string;
}

/** Turns the relative LSP encoding back into absolute tokens, with the text each one covers. */
export function decodeSemanticTokens(data: number[], legend: string[], text: string): DecodedToken[] {
  const lines = text.split(/\r?\n/);
  const tokens: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const [deltaLine, deltaStart, length, typeIndex] = data.slice(i, i + 4);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    tokens.push({ line, character, length, type: legend[typeIndex] ?? `#${typeIndex}`, text: (lines[line] ?? '').slice(character, character + length) });
  }
  return tokens;
}

/** Options for tests that talk to the server: a hang becomes a failure instead of a stuck run. */
export const LSP_TEST = { timeout: 60_000 };
