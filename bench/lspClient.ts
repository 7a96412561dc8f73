// A minimal editor stand-in for the bench: spawns the bundled language server, speaks JSON-RPC over
// stdio with vscode-languageserver-protocol, and waits for diagnostics by uri and version.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

interface Waiter {
  uri: string;
  version: number | undefined;
  resolve: (params: PublishDiagnosticsParams) => void;
}

export class BenchLspClient {
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  private exited = false;

  private constructor(
    readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      for (const waiter of [...this.waiters]) {
        if (waiter.uri !== params.uri || (waiter.version !== undefined && waiter.version !== params.version)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    });
    connection.onNotification('window/logMessage', () => undefined);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    child.on('exit', () => (this.exited = true));
    connection.listen();
  }

  /** Spawns the server and completes initialize/initialized on one workspace folder. */
  static async start(serverPath: string, workspace: string, initializationOptions: object = {}): Promise<BenchLspClient> {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new BenchLspClient(child, connection);
    const uri = pathToFileURL(workspace).href;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'workspace' }],
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, hover: { contentFormat: ['markdown', 'plaintext'] } },
      },
      initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  async notify(method: string, params: unknown): Promise<void> {
    if (this.exited) throw new Error('the language server exited');
    await this.connection.sendNotification(method, params);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    if (this.exited) throw new Error('the language server exited');
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Resolves with the next diagnostics for `uri` (of `version` when given). Register before sending the change. */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  async open(path: string, text = readFileSync(path, 'utf8')): Promise<string> {
    const uri = pathToFileURL(path).href;
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: path.endsWith('.spl') ? 'spl' : 'yaml', version: 1, text } });
    return uri;
  }

  /** Sends the whole new text; resolves with the diagnostics published for the new version. */
  async change(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const published = this.diagnostics(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return published;
  }

  /** VmRSS and VmHWM (peak) of the server process, MiB. */
  memory(): { rssMb: number; peakRssMb: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.connection.sendRequest('shutdown', null);
      await this.connection.sendNotification('exit', null);
    } catch {
      this.child.kill();
    }
    await exited;
    this.connection.dispose();
  }
}
