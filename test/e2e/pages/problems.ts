// Page object for the Problems panel.
import type { Locator, Page } from 'playwright-core';
import { UI_TIMEOUT_MS, type Workbench } from './workbench';

export class ProblemsPanel {
  constructor(private readonly page: Page, private readonly workbench: Workbench) {}

  async open(): Promise<void> {
    await this.workbench.runCommand('Problems: Focus on Problems View');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }

  /** A row of the panel whose text contains `text` (a message or a code). */
  row(text: string): Locator {
    return this.page.locator('.markers-panel .monaco-list-row', { hasText: text });
  }

  async rowTexts(): Promise<string[]> {
    return this.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  }
}
