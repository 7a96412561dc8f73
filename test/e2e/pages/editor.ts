// Page object for the text editor: opening a file, moving the cursor to a line and column, typing,
// and the token inspector that shows which semantic token VS Code received for the cursor's token.
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '../support/wait';
import { UI_TIMEOUT_MS, type Workbench } from './workbench';

export interface Position {
  /** 1-based, as VS Code shows it. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

/** The 1-based position of the first `needle` in `text` (plus `offset` characters into it). */
export function positionOf(text: string, needle: string, offset = 0): Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' is not in the text`);
  const before = text.slice(0, at + offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

export class Editor {
  constructor(private readonly page: Page, private readonly workbench: Workbench) {}

  /** The active editor tab for a file name. */
  tab(fileName: string): Locator {
    return this.page.locator('.tabs-container .tab.active', { hasText: fileName });
  }

  async open(relativePath: string): Promise<void> {
    await this.workbench.quickOpen(relativePath);
    const fileName = relativePath.split('/').pop() ?? relativePath;
    await this.tab(fileName).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }

  /** Moves the cursor with Go to Line/Column and waits until the status bar shows it there. */
  async goTo(position: Position): Promise<void> {
    await this.workbench.runCommand('Go to Line/Column...');
    await this.workbench.answerQuickInput(`${position.line}:${position.column}`);
    await this.workbench.statusBar.cursorPosition(position.line, position.column).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }

  /** A rendered piece of text in the editor (a token's span). */
  token(text: string): Locator {
    return this.page.locator('.editor-instance .view-lines span span', { hasText: text }).first();
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  /** The line of text on which an error squiggle is drawn appears in the editor's overlay. */
  errorSquiggles(): Locator {
    return this.page.locator('.editor-instance .squiggly-error');
  }

  /**
   * Opens the token inspector at the cursor until it shows `expected` and returns its text. The
   * inspector reads the tokens once when it opens, so semantic tokens that arrive later need a reopen.
   */
  async inspectTokenAtCursor(expected: RegExp, timeoutMs: number): Promise<string> {
    const widget = this.page.locator('.token-inspect-widget');
    return waitUntil(
      `the token inspector to show ${expected}`,
      async () => {
        if (await widget.isVisible()) await this.closeTokenInspector();
        await this.workbench.runCommand('Developer: Inspect Editor Tokens and Scopes');
        await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
        const text = await widget.innerText();
        return expected.test(text) ? text : undefined;
      },
      { timeoutMs, pollMs: 500 },
    );
  }

  async closeTokenInspector(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.token-inspect-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }
}
