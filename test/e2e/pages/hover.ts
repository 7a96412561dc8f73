// Page object for the editor's hover widget.
import type { Locator, Page } from 'playwright-core';

export class HoverWidget {
  constructor(private readonly page: Page) {}

  /** The visible hover whose text contains `text`. */
  containing(text: string): Locator {
    return this.page.locator('.monaco-hover:not(.hidden)', { hasText: text });
  }

  async text(): Promise<string> {
    return (await this.page.locator('.monaco-hover:not(.hidden)').first().innerText()).trim();
  }

  /** Waits for a hover containing `text` and returns its text; a timeout names what was shown. */
  async waitFor(text: string, timeoutMs: number): Promise<string> {
    try {
      await this.containing(text).first().waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (error) {
      const shown = await this.text().catch(() => '(no hover)');
      throw new Error(`no hover containing '${text}' within ${timeoutMs} ms; the hover showed:\n${shown}`, { cause: error });
    }
    return this.text();
  }
}
