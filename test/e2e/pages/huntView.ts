// Page object for the extension's "Hunt Results" view in the Explorer: its message (how many
// detections ran, with hits, cannot run), one row per detection with hits (label its name,
// description "N rows, M events"; a click opens the detection), under it one "Event at line N" row
// per event, which opens the log at that line.
import type { Locator, Page } from 'playwright-core';
import { clickRowBelow, eventRowIn } from './treeList';
import { UI_TIMEOUT_MS } from './workbench';

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

  /**
   * Expands `detection` with its twistie (a click on the row runs its command, opening the
   * detection, and leaves it collapsed), then clicks its event row at `line`.
   */
  async openEventOf(detection: Locator, line: number): Promise<void> {
    await detection.locator('.monaco-tl-twistie').click({ timeout: UI_TIMEOUT_MS });
    await clickRowBelow(this.page, this.pane(), eventRowIn(this.pane(), line), `the row 'Event at line ${line}' under its detection`);
  }
}
