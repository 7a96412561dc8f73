import { readFileSync } from 'node:fs';
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver';
import { readAttackBundle } from '../detection/attack';
import type { LintConfig } from '../lint/config';
import type { ServerContext } from './context';
import type { DiagnosticsPublisher } from './diagnostics';
import { describeError } from './guard';
import type { LinkedFolderWatchers } from './linkedFolderWatchers';
import { SETTINGS_SECTION } from './protocol';
import { attackBundleOf, effectiveLintConfig, lintSettingsOf, macroFoldersOf, readSettings, type LintSettings, type ScopedSettings } from './settings';

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
  /** The ATT&CK bundle the project was given (its path), so a settings change that keeps it reads nothing. */
  private appliedAttack: string | undefined;
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
    const attack = settings ? attackBundleOf(settings, log) : this.appliedAttack;
    if (this.folders && sameItems(this.folders, folders)) {
      const lintChanged = this.applyLint(lint);
      if (this.applyAttack(attack) || lintChanged) this.diagnostics.scheduleAll();
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
      this.appliedAttack = undefined;
      this.applyAttack(attack);
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

  /**
   * Gives the project the ATT&CK bundle at `path` (none: format checks only); true when that changed. A
   * file that cannot be read or is not a bundle is logged and leaves the project without one.
   */
  private applyAttack(path: string | undefined): boolean {
    if (path === this.appliedAttack) return false;
    this.appliedAttack = path;
    const project = this.context.analyses.workspace([]);
    if (path === undefined) {
      project.content.setAttack(undefined);
      return true;
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      this.context.log.warn(`${SETTINGS_SECTION}.attackBundle: cannot read ${path}: ${describeError(error)}`);
      project.content.setAttack(undefined);
      return true;
    }
    const load = readAttackBundle(text, path);
    if ('error' in load) this.context.log.warn(`${SETTINGS_SECTION}.attackBundle: ${load.error}`);
    else this.context.log.info(`ATT&CK bundle ${path}: ${load.catalogue.techniques.size} techniques`);
    project.content.setAttack('catalogue' in load ? load.catalogue : undefined);
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
