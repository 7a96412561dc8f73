// A code-server (VS Code in the browser) of the test's own: fresh user data and extensions folders in
// a temporary directory, the packaged extension installed from its .vsix, a copy of samples/ as the
// workspace, loopback only. Installed by scripts/e2e-install.sh.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './vsix';
import { waitUntil } from './wait';

/** Keep in step with CODE_SERVER_VERSION in scripts/e2e-install.sh. */
const CODE_SERVER_VERSION = '4.100.3';

/** Where scripts/e2e-install.sh put code-server's entry point (SPL_E2E_CODE_SERVER overrides). */
export function codeServerEntry(): string {
  const cache = process.env.SPL_E2E_CACHE ?? join(homedir(), '.cache', 'spl-e2e');
  const entry = process.env.SPL_E2E_CODE_SERVER ?? join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules/code-server/out/node/entry.js');
  if (!existsSync(entry)) throw new Error(`code-server is not installed at ${entry}: run \`bash scripts/e2e-install.sh\` first`);
  return entry;
}

/** Editor settings that keep first-run pages and network look-ups out of the way of the test. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 100,
  // The long one-line searches wrap, so the whole search is in view (and in the screenshots).
  'editor.wordWrap': 'on',
};

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

export class CodeServer {
  readonly home = mkdtempSync(join(tmpdir(), 'spl-e2e-'));
  readonly workspace = join(this.home, 'workspace');
  readonly logFile = join(this.home, 'code-server.log');
  private readonly userDataDir = join(this.home, 'user-data');
  private readonly extensionsDir = join(this.home, 'extensions');
  private readonly configFile = join(this.home, 'config.yaml');
  private readonly entry = codeServerEntry();
  private process: ChildProcess | undefined;
  private port = 0;

  constructor() {
    mkdirSync(join(this.userDataDir, 'User'), { recursive: true });
    mkdirSync(this.extensionsDir, { recursive: true });
    writeFileSync(join(this.userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    // An empty config file keeps code-server from writing one into ~/.config.
    writeFileSync(this.configFile, '');
    cpSync(join(ROOT, 'samples'), this.workspace, { recursive: true });
  }

  private baseArgs(): string[] {
    return [this.entry, '--config', this.configFile, '--user-data-dir', this.userDataDir, '--extensions-dir', this.extensionsDir];
  }

  /** Installs a .vsix into this server's extensions folder; returns the installer's output. */
  installExtension(vsix: string): string {
    const result = spawnSync(process.execPath, [...this.baseArgs(), '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    if (result.status !== 0 || !/successfully installed/i.test(output)) {
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${result.status}):\n${output}`);
    }
    return output;
  }

  /** Starts the server on a free loopback port and resolves with the URL that opens the workspace. */
  async start(): Promise<string> {
    this.port = await freeLoopbackPort();
    const log = createWriteStream(this.logFile);
    const args = [
      ...this.baseArgs(),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${this.port}`,
      '--disable-telemetry',
      '--disable-update-check',
      this.workspace,
    ];
    // detached: its own process group, so stop() ends the extension host and language server too.
    this.process = spawn(process.execPath, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, XDG_CONFIG_HOME: join(this.home, 'xdg-config'), XDG_DATA_HOME: join(this.home, 'xdg-data') },
    });
    this.process.stdout?.pipe(log);
    this.process.stderr?.pipe(log);
    const started = this.process;
    await waitUntil(
      `code-server to answer on 127.0.0.1:${this.port} (log: ${this.logFile})`,
      async () => {
        if (started.exitCode !== null) throw new Error(`code-server exited with ${started.exitCode}:\n${this.logTail()}`);
        const response = await fetch(`http://127.0.0.1:${this.port}/healthz`);
        return response.ok;
      },
      { timeoutMs: 60_000, pollMs: 250 },
    );
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.workspace)}`;
  }

  /**
   * The URL that opens the workspace with `developmentPath` as the extension under development and
   * runs the bundled test file `testsPath` in the extension host, as VS Code's web workbench reads
   * them from its `payload` parameter (the browser counterpart of --extensionTestsPath).
   */
  extensionTestUrl(developmentPath: string, testsPath: string): string {
    const host = `127.0.0.1:${this.port}`;
    const remote = (path: string) => `vscode-remote://${host}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(developmentPath)],
      ['extensionTestsPath', remote(testsPath)],
    ]);
    return `http://${host}/?folder=${encodeURIComponent(this.workspace)}&payload=${encodeURIComponent(payload)}`;
  }

  logTail(lines = 40): string {
    if (!existsSync(this.logFile)) return '';
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }

  /** Ends the whole process group (server, extension host, language server) and removes the temp folder. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
      killGroup(child.pid, 'SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000).unref())]);
      if (!stopped) killGroup(child.pid, 'SIGKILL');
    }
    if (child?.pid !== undefined) killGroup(child.pid, 'SIGKILL'); // children left behind by a clean exit
    if (!process.env.SPL_E2E_KEEP) rmSync(this.home, { recursive: true, force: true });
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
