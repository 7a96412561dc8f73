// Page object for the VS Code workbench as code-server serves it: loading, the workspace trust dialog,
// the command palette and quick open. Every wait is bounded by the timeouts below.
import type { Locator, Page } from 'playwright-core';
import { Editor } from './editor';
import { HoverWidget } from './hover';
import { ProblemsPanel } from './problems';
import { StatusBar } from './statusBar';

/** The workbench's first load compiles VS Code's web bundle: the slowest wait of the test. */
export const LOAD_TIMEOUT_MS = 90_000;
/** A UI reaction to one action (a palette opening, a row appearing). */
export const UI_TIMEOUT_MS = 20_000;

export class Workbench {
  readonly editor: Editor;
  readonly hover: HoverWidget;
  readonly problems: ProblemsPanel;
  readonly statusBar: StatusBar;

  constructor(readonly page: Page) {
    this.editor = new Editor(page, this);
    this.hover = new HoverWidget(page);
    this.problems = new ProblemsPanel(page, this);
    this.statusBar = new StatusBar(page);
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url, { timeout: LOAD_TIMEOUT_MS });
    await this.page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS });
  }

  /** Answers the trust dialog that VS Code shows when a folder is first opened. */
  async trustWorkspace(): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box', { hasText: 'Do you trust the authors' });
    await dialog.waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS });
    await dialog.getByRole('button', { name: 'Yes, I trust the authors' }).click({ timeout: UI_TIMEOUT_MS });
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await this.statusBar.item('Restricted Mode').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette, types `label` and runs the command whose row reads `label`. */
  async runCommand(label: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.fill(`>${label}`);
    await this.pickRow(label);
  }

  /** Quick open (Ctrl+P) on a workspace-relative path. */
  async quickOpen(relativePath: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.fill(relativePath);
    const fileName = relativePath.split('/').pop() ?? relativePath;
    await this.pickRow(fileName);
  }

  /** Right-clicks the Explorer's row for `fileName` (in sight: its folder expanded) and runs `item` from its context menu. */
  async explorerContextMenu(fileName: string, item: string): Promise<void> {
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^\\s*${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }).first();
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await row.click({ button: 'right', timeout: UI_TIMEOUT_MS });
    const menu = this.page.locator('.context-view .monaco-menu');
    const action = menu.locator('.action-item', { hasText: item }).first();
    await action.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // The menu runs an item on a mouse up that follows its own mouse down, which a synthetic click
    // does not always give (the item stayed highlighted, the menu open): hovering focuses it, Enter runs it.
    await action.hover({ timeout: UI_TIMEOUT_MS });
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }

  /** Types into the open quick input (e.g. the line:column of Go to Line) and accepts it. */
  async answerQuickInput(text: string): Promise<void> {
    const input = this.quickInput().locator('input.input');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.pressSequentially(text);
    await input.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }

  /** Waits for a quick pick titled `title` (one an extension opened) and picks the row reading `label`. */
  async pickFromQuickPick(title: string, label: string): Promise<void> {
    await this.quickInput().locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await this.pickRow(label);
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }

  private async pickRow(label: string): Promise<void> {
    const row = this.quickInput().locator('.monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await row.click();
  }

  private async closeQuickInput(): Promise<void> {
    if (await this.quickInput().isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput().waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    }
  }
}
