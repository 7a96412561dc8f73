// Screenshots of each step under test/e2e/screenshots/ (git-ignored), numbered in the order taken so
// a failed run can be read as a story.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOT_DIR = resolve(__dirname, '../screenshots');

export class Screenshots {
  private taken = 0;

  /** Clears the pictures of earlier runs whose names start with `prefix`. */
  constructor(private readonly prefix: string) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const name of readdirSync(SCREENSHOT_DIR)) if (name.startsWith(`${prefix}-`)) rmSync(join(SCREENSHOT_DIR, name));
  }

  async take(page: Page, step: string): Promise<string> {
    this.taken += 1;
    const path = join(SCREENSHOT_DIR, `${this.prefix}-${String(this.taken).padStart(2, '0')}-${step}.png`);
    await page.screenshot({ path, timeout: 30_000 });
    return path;
  }
}
