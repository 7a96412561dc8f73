// Page object for the editor's suggestion (completion) widget.
import type { Locator, Page } from 'playwright-core';
import { UI_TIMEOUT_MS } from './workbench';

export class SuggestWidget {
  constructor(private readonly page: Page) {}

  private widget(): Locator {
    return this.page.locator('.editor-widget.suggest-widget.visible');
  }

  /** The suggestion row whose label is `label`. */
  row(label: string): Locator {
    return this.widget().locator('.monaco-list-row', { hasText: label }).first();
  }

  /** Triggers suggestions at the cursor (Ctrl+Space) until a row reads `label`; returns the rows' texts. */
  async open(label: string, timeoutMs: number): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    try {
      await this.row(label).waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (error) {
      const shown = await this.widget().locator('.monaco-list-row').allInnerTexts().catch(() => []);
      throw new Error(`no suggestion '${label}' within ${timeoutMs} ms; the widget showed: ${JSON.stringify(shown)}`, { cause: error });
    }
    return this.widget().locator('.monaco-list-row').allInnerTexts();
  }

  /** Accepts the focused suggestion and waits for the widget to close. */
  async accept(): Promise<void> {
    await this.page.keyboard.press('Enter');
    await this.widget().waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }
}
