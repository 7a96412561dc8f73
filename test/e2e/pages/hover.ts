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

  async waitFor(text: string, timeoutMs: number): Promise<string> {
    await this.containing(text).first().waitFor({ state: 'visible', timeout: timeoutMs });
    return this.text();
  }
}
