// Page object for VS Code's Testing view: the test tree (one row per detection with tests) and the
// state icon VS Code draws in each row once a run reported on the test.
import type { Locator, Page } from 'playwright-core';
import { UI_TIMEOUT_MS, type Workbench } from './workbench';

export class TestExplorer {
  constructor(private readonly page: Page, private readonly workbench: Workbench) {}

  private tree(): Locator {
    return this.page.locator('.test-explorer');
  }

  async open(): Promise<void> {
    await this.workbench.runCommand('Testing: Focus on Test Explorer View');
    await this.tree().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }

  /** The tree row of the test labelled `label` (the two sample detections' names are not substrings of each other). */
  row(label: string): Locator {
    return this.tree().locator('.monaco-list-row', { hasText: label });
  }

  /** Runs one test with the run action VS Code shows on its row when hovered. */
  async run(label: string): Promise<void> {
    const row = this.row(label);
    await row.hover({ timeout: UI_TIMEOUT_MS });
    await row.locator('.action-label.codicon-testing-run-icon').click({ timeout: UI_TIMEOUT_MS });
  }

  /** The row's state icon once the test passed. */
  passedIcon(label: string): Locator {
    return this.row(label).locator('.codicon-testing-passed-icon');
  }
}

