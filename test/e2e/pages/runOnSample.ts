// Page object for running a detection on its sample: the CodeLenses above `search:`, the inlay hints
// after clauses (injected text inside the rendered line) and the hit-line decorations in a log editor.
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from '../support/wait';
import { UI_TIMEOUT_MS } from './workbench';

export class RunOnSample {
  constructor(private readonly page: Page) {}

  codeLens(text: string | RegExp): Locator {
    return this.page.locator('.editor-instance .codelens-decoration a', { hasText: text }).first();
  }

  async clickRunOnSample(): Promise<void> {
    const lens = this.codeLens('Run on sample');
    await lens.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await lens.click({ timeout: UI_TIMEOUT_MS });
  }

  /** The text of the CodeLens matching `pattern`, once shown. */
  async waitForCodeLens(pattern: RegExp, timeoutMs: number): Promise<string> {
    const lens = this.codeLens(pattern);
    await lens.waitFor({ state: 'visible', timeout: timeoutMs });
    return lens.innerText();
  }

  /**
   * The inlay hint right after `clause` in the rendered line holding it: VS Code renders a hint as
   * injected text (its own span) after the clause's text, so the line's text reads `clause = k`.
   */
  async hintAfter(clause: string, timeoutMs: number): Promise<string> {
    const line = this.page.locator('.editor-instance .view-line', { hasText: clause }).first();
    const pattern = new RegExp(`${escape(clause)}[\\s\\u200a]*(= \\d+|✗ 0)`);
    return waitUntil(
      `an inlay hint after ${clause}`,
      async () => {
        const text = (await line.textContent({ timeout: UI_TIMEOUT_MS })) ?? '';
        return pattern.exec(text.replace(/\u00a0/g, ' '))?.[1];
      },
      { timeoutMs, pollMs: 250 },
    );
  }

  /** The top (px) of the first highlighted view line and of line `line`'s number in the gutter. */
  async firstHighlightAndLineTop(line: number): Promise<{ highlight: number; line: number }> {
    const tops = await this.highlightedLines().evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().top));
    const number = this.page.locator('.editor-instance .margin-view-overlays .line-numbers', { hasText: new RegExp(`^${line}$`) }).first();
    const box = await number.boundingBox({ timeout: UI_TIMEOUT_MS });
    return { highlight: Math.min(...tops), line: box?.y ?? Number.NaN };
  }

  /** View lines of the editor drawn with the hit decoration (a wrapped log line is several). */
  highlightedLines(): Locator {
    return this.page.locator('.editor-instance .view-overlays .cdr[class*="ced-"]');
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
