// The packaged extension in a real VS Code: code-server serves the workbench, Debian's Chromium shows
// it, Playwright acts as the user. One helper per step; a later step (running a detection, CodeLens,
// inlay hints) is one more function in `steps` and one more `step(...)` line below.
// Needs `bash scripts/e2e-install.sh` first; run with `npm run e2e`.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { positionOf } from './pages/editor';
import { UI_TIMEOUT_MS, Workbench } from './pages/workbench';
import { closeChromium, launchChromium } from './support/browser';
import { CodeServer } from './support/codeServer';
import { Screenshots } from './support/screenshots';
import { packageExtension, ROOT } from './support/vsix';

const DETECTION = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
const DETECTION_TEXT = readFileSync(join(ROOT, 'samples', DETECTION), 'utf8');
/** The macro's definition in samples/macros/process_msiexec.yml, as its hover must show it. */
const MSIEXEC_DEFINITION = 'Processes.process_name=msiexec.exe';
/** The language server's first answers wait for the workspace's macros to load. */
const SERVER_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 180_000;

interface Session {
  workbench: Workbench;
  shots: Screenshots;
}

const steps = {
  async openTrustedWorkspace({ workbench, shots }: Session, url: string): Promise<void> {
    await workbench.open(url);
    await workbench.trustWorkspace();
    await shots.take(workbench.page, 'workspace-trusted');
  },

  async openDetection({ workbench, shots }: Session): Promise<void> {
    await workbench.editor.open(DETECTION);
    await workbench.statusBar.waitForLanguageServer(SERVER_TIMEOUT_MS);
    await shots.take(workbench.page, 'detection-open');
  },

  async semanticTokensOnMacroCall({ workbench, shots }: Session): Promise<void> {
    await workbench.editor.goTo(positionOf(DETECTION_TEXT, '`process_msiexec`', 3));
    const inspector = await workbench.editor.inspectTokenAtCursor(/semantic token type\s*macro/, SERVER_TIMEOUT_MS);
    await shots.take(workbench.page, 'semantic-token-macro');
    assert.match(inspector, /process_msiexec/);
    await workbench.editor.closeTokenInspector();
  },

  async hoverMacroCall({ workbench, shots }: Session): Promise<void> {
    await workbench.editor.goTo(positionOf(DETECTION_TEXT, '`process_msiexec`', 3));
    await workbench.editor.token('process_msiexec').hover({ timeout: UI_TIMEOUT_MS });
    const text = await workbench.hover.waitFor(MSIEXEC_DEFINITION, SERVER_TIMEOUT_MS);
    await shots.take(workbench.page, 'hover-process_msiexec');
    assert.match(text, /process_msiexec/);
    assert.ok(text.includes('Processes.original_file_name=msiexec.exe'), `hover shows the whole definition:\n${text}`);
    await workbench.page.keyboard.press('Escape');
  },

  async problemsForBrokenSearch({ workbench, shots }: Session): Promise<void> {
    // Right after the last macro call, inside the quoted search.
    await workbench.editor.goTo(positionOf(DETECTION_TEXT, "_filter`'", '_filter`'.length));
    await workbench.editor.type(' | stats count by');
    await workbench.editor.errorSquiggles().first().waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    await workbench.problems.open();
    const row = workbench.problems.row("Expected at least one field name after 'by'");
    await row.first().waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    await shots.take(workbench.page, 'problems-broken-search');
    const rows = await workbench.problems.rowTexts();
    assert.ok(rows.some((text) => text.includes('SPL007')), `the Problems panel names the code:\n${rows.join('\n')}`);
    await workbench.statusBar.item('Errors: 1').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  },
};

describe('the packaged extension in VS Code (code-server + Chromium)', () => {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let session: Session | undefined;
  let url = '';
  let failed: string | undefined;

  before(async () => {
    const vsix = packageExtension();
    server = new CodeServer();
    server.installExtension(vsix);
    url = await server.start();
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    session = { workbench: new Workbench(page), shots: new Screenshots('workbench') };
  }, { timeout: STEP_TIMEOUT_MS });

  after(async () => {
    await closeChromium(browser);
    await server?.stop();
  }, { timeout: 60_000 });

  /** Runs one step; after a failure the later steps are skipped, and the failure is photographed. */
  function step(name: string, run: (session: Session) => Promise<void>): void {
    test(name, { timeout: STEP_TIMEOUT_MS }, async (t: TestContext) => {
      if (failed) return t.skip(`an earlier step failed: ${failed}`);
      assert.ok(session, 'the session did not start');
      try {
        await run(session);
      } catch (error) {
        failed = name;
        const picture = await session.shots.take(session.workbench.page, 'failure').catch(() => 'none');
        const log = server?.logTail() ?? '';
        throw new Error(`${error instanceof Error ? error.message : String(error)}\nscreenshot: ${picture}\ncode-server log:\n${log}`, { cause: error });
      }
    });
  }

  step('opens a copy of samples/ and trusts it', (s) => steps.openTrustedWorkspace(s, url));
  step('opens the msiexec detection and starts the language server', steps.openDetection);
  step('colours the macro call with a semantic token', steps.semanticTokensOnMacroCall);
  step('hovers `process_msiexec` and shows its definition', steps.hoverMacroCall);
  step('lists a broken search typed into the detection in the Problems panel', steps.problemsForBrokenSearch);
});

