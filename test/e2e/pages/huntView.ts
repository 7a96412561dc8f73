// Page object for the extension's "Hunt Results" view in the Explorer: its message (how many
// detections ran, with hits, cannot run), one row per detection with hits (label its name,
// description "N rows, M events"), under it one "Event at line N" row per event.
import type { Locator, Page } from 'playwright-core';

export class HuntView {
  constructor(private readonly page: Page) {}

  private pane(): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: 'Hunt Results' }) });
  }

  /** The view's message line, once it says `text`. */
  message(text: RegExp): Locator {
    return this.pane().locator('.pane-body', { hasText: text });
  }

  /** The detection rows whose text holds `text` (the list renders only the rows in sight). */
  detectionRows(text: string): Locator {
    return this.pane().locator('.monaco-list-row', { hasText: text });
  }
}
