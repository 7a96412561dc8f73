import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import type { LintConfig } from '../lint/config';
import type { ServerContext } from './context';
import type { DiagnosticsPublisher } from './diagnostics';
import { describeError } from './guard';
import type { LinkedFolderWatchers } from './linkedFolderWatchers';
import { SETTINGS_SECTION } from './protocol';
import { effectiveLintConfig, lintSettingsOf, macroFoldersOf, readSettings, type LintSettings, type ScopedSettings } from './settings';

/**
 * Loads the workspace folders plus the extra macro folders of the settings, and loads again when a
 * settings change names other folders. Applies the lint settings over the workspace's
 * `.spl-detect.json` after every load and settings change. Loads run one after another: a change
 * that arrives during the first load waits for it instead of racing it.
 */
export class WorkspaceLoader {
  private folders: string[] | undefined;
  private lint: LintSettings | undefined;
  /** The configuration `.spl-detect.json` gave the loaded project, before the settings go over it. */
  private workspaceLint: LintConfig | undefined;
  /** What the project lints with now (JSON): a settings change that keeps it re-checks nothing. */
  private appliedLint: string | undefined;
  /** The settings problems last shown to the user, so an unrelated reload does not show them again. */
  private shownProblems = '';
  private queue: Promise<void> = Promise.resolve();
  private firstLoad: Promise<void> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly context: ServerContext,
    private readonly diagnostics: DiagnosticsPublisher,
    private readonly roots: () => string[],
    private readonly watchers: LinkedFolderWatchers,
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
    let settings: ScopedSettings[] | undefined;
    try {
      settings = await readSettings(this.connection, this.context, this.roots(), pushed);
    } catch (error) {
      log.warn(`reading the ${SETTINGS_SECTION} settings failed: ${describeError(error)}`);
    }
    const folders = settings ? macroFoldersOf(settings, log) : (this.folders ?? []);
    const lint = settings ? lintSettingsOf(settings) : (this.lint ?? lintSettingsOf([]));
    this.lint = lint;
    this.reportProblems(lint.problems);
    if (this.folders && sameItems(this.folders, folders)) {
      if (this.applyLint(lint)) this.diagnostics.scheduleAll();
      return;
    }
    this.folders = folders;
    try {
      const files = this.context.analyses.loadWorkspace(this.roots(), folders);
      const extra = folders.length > 0 ? `; extra macro folders: ${folders.join(', ')}` : '';
      log.info(`SPL language server ready: ${files} SPL file(s) in ${this.roots().join(', ') || 'no workspace folder'}${extra}`);
      const project = this.context.analyses.workspace([]);
      for (const problem of project.configProblems) log.warn(`${problem} (ignored)`);
      this.workspaceLint = project.lintConfig;
      this.appliedLint = undefined;
      this.applyLint(lint);
      this.watchers.update();
    } catch (error) {
      log.error(`loading the workspace failed: ${describeError(error)}`);
    }
    this.diagnostics.start();
  }

  /** Gives the project the lint configuration of `lint`; true when that changed what it lints with. */
  private applyLint(lint: LintSettings): boolean {
    const config = effectiveLintConfig(lint, this.workspaceLint);
    const key = JSON.stringify(config ?? null);
    if (key === this.appliedLint) return false;
    this.context.analyses.workspace([]).setLintConfig(config);
    this.appliedLint = key;
    return true;
  }

  /** Every problem goes to the log; the user sees a message when the set of problems changes. */
  private reportProblems(problems: string[]): void {
    for (const problem of problems) this.context.log.warn(`${problem} (ignored)`);
    const shown = problems.join('\n');
    if (shown === this.shownProblems) return;
    this.shownProblems = shown;
    if (problems.length === 0) return;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more, see the SPL Detection Workbench output)` : '';
    // The notification, not window.showWarningMessage: that one is a request the load would have to wait on or catch.
    this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `SPL settings: ${problems[0]}${more}; ignored.` }).catch(() => undefined);
  }
}

function sameItems(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
