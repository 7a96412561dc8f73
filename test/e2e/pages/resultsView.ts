// Page object for the extension's "Detection Results" view in the Explorer: one row per result of a
// run (label "Result N: key fields", description "line(s) ..."), and under a result its fields and
// one "Event at line N" row per event, which opens the log at that line.
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '../support/wait';
import { UI_TIMEOUT_MS, type Workbench } from './workbench';

/** How long one arrow key press may take to move the list's focus before the step is tried again. */
const STEP_TIMEOUT_MS = 2_000;

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

  eventRow(line: number): Locator {
    return this.pane().locator('.monaco-list-row', { hasText: new RegExp(`^\\s*Event at line ${line}\\s*$`) });
  }

  /**
   * Expands the result at log line `line` and clicks its event row. The view is short and its list
   * renders only the rows in sight, so the keyboard walks down from the result (past its fields)
   * until the event row is the focused one, which scrolls it into sight. A key press only reaches
   * the list while it holds the DOM focus, and the workbench may move that focus meanwhile (the
   * CI failure of 2026-11-28 saw the focused row stay put for 20 s), so each step first gives the
   * list its focus back and a step that moved nothing is retried rather than waited out.
   */
  async openEventOfResultAtLine(line: number): Promise<void> {
    await this.resultAtLine(line).click({ timeout: UI_TIMEOUT_MS });
    const event = this.eventRow(line);
    const list = this.pane().locator('.monaco-list').first();
    const focused = this.pane().locator('.monaco-list-row.focused');
    await waitUntil(
      `the row 'Event at line ${line}' under its result`,
      async () => {
        if (await event.isVisible()) return true;
        const before = await focused.innerText({ timeout: UI_TIMEOUT_MS });
        await this.focusList(list);
        await this.page.keyboard.press('ArrowDown');
        await focused.filter({ hasNotText: before }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
        return false;
      },
      { timeoutMs: UI_TIMEOUT_MS, pollMs: 50 },
    );
    await event.click({ timeout: UI_TIMEOUT_MS });
  }

  private async focusList(list: Locator): Promise<void> {
    const holder = await list.evaluate((element) => {
      const active = element.ownerDocument.activeElement;
      if (!active || element.contains(active)) return undefined;
      return `${active.tagName.toLowerCase()}.${String(active.className).split(/\s+/).slice(0, 3).join('.')}`;
    });
    if (holder === undefined) return;
    process.stderr.write(`results view: the list had lost the keyboard focus to ${holder}; focusing it again\n`);
    await list.focus({ timeout: UI_TIMEOUT_MS });
  }
}
