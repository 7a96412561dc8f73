// Page object for the status bar: items are found by their accessible label, which carries the text
// and the tooltip the extension sets.
import type { Locator, Page } from 'playwright-core';

export class StatusBar {
  constructor(private readonly page: Page) {}

  item(labelPart: string): Locator {
    return this.page.locator(`.statusbar-item[aria-label*="${labelPart.replace(/"/g, '\\"')}"]`);
  }

  /** The extension's language-server item once it reports that the server runs. */
  async waitForLanguageServer(timeoutMs: number): Promise<void> {
    await this.item('SPL language server: running').waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /** The editor's cursor position item, e.g. "Ln 22, Col 128". */
  cursorPosition(line: number, column: number): Locator {
    return this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` });
  }
}
