// Page object for the extension's page in VS Code (Extensions view -> the installed extension): the
// details editor renders the .vsix README (the marketplace page) in a webview, images included.
import type { Page } from 'playwright-core';
import { UI_TIMEOUT_MS, type Workbench } from './workbench';

export interface ReadmeImage {
  alt: string;
  src: string;
  /** Decoded and drawn: the file was found in the installed extension and is a valid image. */
  loaded: boolean;
}

export class ExtensionPage {
  constructor(private readonly page: Page, private readonly workbench: Workbench) {}

  async open(displayName: string): Promise<void> {
    await this.workbench.runCommand('Extensions: Show Enabled Extensions');
    const row = this.page.locator('.extensions-viewlet .monaco-list-row', { hasText: displayName }).first();
    await row.click({ timeout: UI_TIMEOUT_MS });
    await this.page.locator('.extension-editor').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }

  /** Scrolls the README until the image with this alt text is in view. */
  async scrollTo(alt: string): Promise<void> {
    for (const frame of this.page.frames()) {
      const image = frame.locator(`img[alt="${alt.replace(/"/g, '\\"')}"]`);
      if ((await image.count().catch(() => 0)) > 0) {
        await image.first().scrollIntoViewIfNeeded({ timeout: UI_TIMEOUT_MS });
        return;
      }
    }
    throw new Error(`no README image "${alt}" on the extension page`);
  }

  /** The images of the README as its webview shows them (the webview's content sits in nested frames). */
  async readmeImages(): Promise<ReadmeImage[]> {
    const found: ReadmeImage[] = [];
    for (const frame of this.page.frames()) {
      const images = await frame
        .$$eval('img', (nodes) => nodes.map((node) => ({ alt: node.alt, src: node.src, loaded: node.complete && node.naturalWidth > 0 })))
        .catch(() => [] as ReadmeImage[]);
      found.push(...images.filter((image) => image.alt !== ''));
    }
    return found;
  }
}
