import type { Connection } from 'vscode-languageserver';
import type { ServerContext } from './context';
import type { DiagnosticsPublisher } from './diagnostics';
import { describeError } from './guard';
import { SETTINGS_SECTION } from './protocol';
import { readMacroFolders } from './settings';

/**
 * Loads the workspace folders plus the extra macro folders of the settings, and loads again when a
 * settings change names other folders. Loads run one after another: a change that arrives during
 * the first load waits for it instead of racing it.
 */
export class WorkspaceLoader {
  private folders: string[] | undefined;
  private queue: Promise<void> = Promise.resolve();
  private firstLoad: Promise<void> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly context: ServerContext,
    private readonly diagnostics: DiagnosticsPublisher,
    private readonly roots: () => string[],
  ) {}

  /** `pushed`: the settings a didChangeConfiguration carried (used when the client cannot be asked). */
  load(pushed?: unknown): Promise<void> {
    this.queue = this.queue.then(() => this.apply(pushed)).catch((error) => this.context.log.error(`loading the workspace failed: ${describeError(error)}`));
    this.firstLoad ??= this.queue;
    return this.queue;
  }

  /** Resolves once the workspace was loaded the first time (at once if loading was never asked for). */
  loaded(): Promise<void> {
    return this.firstLoad ?? Promise.resolve();
  }

  private async apply(pushed: unknown): Promise<void> {
    const { log } = this.context;
    let folders: string[];
    try {
      folders = await readMacroFolders(this.connection, this.context, this.roots(), pushed);
    } catch (error) {
      log.warn(`reading the ${SETTINGS_SECTION} settings failed: ${describeError(error)}`);
      folders = this.folders ?? [];
    }
    if (this.folders && sameItems(this.folders, folders)) return;
    this.folders = folders;
    try {
      const files = this.context.analyses.loadWorkspace(this.roots(), folders);
      const extra = folders.length > 0 ? `; extra macro folders: ${folders.join(', ')}` : '';
      log.info(`SPL language server ready: ${files} SPL file(s) in ${this.roots().join(', ') || 'no workspace folder'}${extra}`);
    } catch (error) {
      log.error(`loading the workspace failed: ${describeError(error)}`);
    }
    this.diagnostics.start();
  }
}

function sameItems(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
