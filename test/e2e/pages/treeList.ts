// A view's tree list in the workbench (Detection Results, Hunt Results): the list renders only the
// rows in sight, so reaching a row below an expanded parent means walking the keyboard focus down.
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '../support/wait';
import { UI_TIMEOUT_MS } from './workbench';

/** How long one arrow key press may take to move the list's focus before the step is tried again. */
const STEP_TIMEOUT_MS = 2_000;

/**
 * Clicks `row`, a descendant of the row that was clicked last (which expanded it). The view is
 * short, so the keyboard walks down from that row until `row` is in sight. A key press only reaches the list
 * while it holds the DOM focus, and the workbench may move that focus meanwhile (the CI failure of
 * 2026-11-28 saw the focused row stay put for 20 s), so each step first gives the list its focus
 * back and a step that moved nothing is retried rather than waited out.
 */
export async function clickRowBelow(page: Page, pane: Locator, row: Locator, what: string): Promise<void> {
  const list = pane.locator('.monaco-list').first();
  const focused = pane.locator('.monaco-list-row.focused');
  await waitUntil(
    what,
    async () => {
      if (await row.isVisible()) return true;
      const before = await focused.innerText({ timeout: UI_TIMEOUT_MS });
      await focusList(list);
      await page.keyboard.press('ArrowDown');
      await focused.filter({ hasNotText: before }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      return false;
    },
    { timeoutMs: UI_TIMEOUT_MS, pollMs: 50 },
  );
  await row.click({ timeout: UI_TIMEOUT_MS });
}

/** A tree row reading exactly "Event at line N" (eventItems.ts). */
export function eventRowIn(pane: Locator, line: number): Locator {
  return pane.locator('.monaco-list-row', { hasText: new RegExp(`^\\s*Event at line ${line}\\s*$`) });
}

async function focusList(list: Locator): Promise<void> {
  const holder = await list.evaluate((element) => {
    const active = element.ownerDocument.activeElement;
    if (!active || element.contains(active)) return undefined;
    return `${active.tagName.toLowerCase()}.${String(active.className).split(/\s+/).slice(0, 3).join('.')}`;
  });
  if (holder === undefined) return;
  process.stderr.write(`tree view: the list had lost the keyboard focus to ${holder}; focusing it again\n`);
  await list.focus({ timeout: UI_TIMEOUT_MS });
}
