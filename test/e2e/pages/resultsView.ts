// Page object for the extension's "Detection Results" view in the Explorer: one row per result of a
// run (label "Result N: key fields", description "line(s) ..."), and under a result its fields and
// one "Event at line N" row per event, which opens the log at that line.
import type { Locator, Page } from 'playwright-core';
import { clickRowBelow, eventRowIn } from './treeList';
import { UI_TIMEOUT_MS, type Workbench } from './workbench';

export class ResultsView {
  constructor(private readonly page: Page, private readonly workbench: Workbench) {}

  private pane(): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: 'Detection Results' }) });
  }

  async open(): Promise<void> {
    await this.workbench.runCommand('Focus on Detection Results View');
    await this.pane().locator('.monaco-list').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }

  /** The result rows, whose label reads "Result N: ...". */
  resultRows(): Locator {
    return this.pane().locator('.monaco-list-row', { hasText: /Result \d+:/ });
  }

  /** The result row whose description names exactly the log line `line`. */
  resultAtLine(line: number): Locator {
    return this.pane().locator('.monaco-list-row', { hasText: new RegExp(`Result \\d+:[\\s\\S]*line ${line}\\s*$`) });
  }

  /** Expands the result at log line `line` and clicks its event row (past the result's fields). */
  async openEventOfResultAtLine(line: number): Promise<void> {
    await this.resultAtLine(line).click({ timeout: UI_TIMEOUT_MS });
    await clickRowBelow(this.page, this.pane(), eventRowIn(this.pane(), line), `the row 'Event at line ${line}' under its result`);
  }
}
