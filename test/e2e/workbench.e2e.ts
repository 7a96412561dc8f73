// The packaged extension in a real VS Code: code-server serves the workbench, Debian's Chromium shows
// it, Playwright acts as the user. One helper per step; a later step (running a detection, CodeLens,
// inlay hints) is one more function in `steps` and one more `step(...)` line below.
// Needs `bash scripts/e2e-install.sh` first; run with `npm run e2e`.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { positionOf } from './pages/editor';
import { ExtensionPage, type ReadmeImage } from './pages/extensionPage';
import { HuntView } from './pages/huntView';
import { ResultsView } from './pages/resultsView';
import { RunOnSample } from './pages/runOnSample';
import { SuggestWidget } from './pages/suggest';
import { TestExplorer } from './pages/testExplorer';
import { UI_TIMEOUT_MS, Workbench } from './pages/workbench';
import { closeChromium, launchChromium } from './support/browser';
import { CodeServer } from './support/codeServer';
import { Screenshots } from './support/screenshots';
import { waitUntil } from './support/wait';
import { packageExtension, ROOT } from './support/vsix';
import { startAttackDataServer, type AttackDataServer } from '../support/attackDataServer';

const DETECTION = 'detections/endpoint/windows_msiexec_dllregisterserver.yml';
const DETECTION_TEXT = readFileSync(join(ROOT, 'samples', DETECTION), 'utf8');
/** The macro's definition in samples/macros/process_msiexec.yml, as its hover must show it. */
const MSIEXEC_DEFINITION = 'Processes.process_name=msiexec.exe';
/** The language server's first answers wait for the workspace's macros to load. */
const SERVER_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 180_000;
const SAMPLE_LOG = 'logs/msiexec_sysmon.log';
/** samples/README.md: the detection's hits are lines 2, 5 and 6 of the sample log; the step opens the last. */
const HIT_LINES = [2, 5, 6];
const REVEALED_LINE = 6;
/** Another hit line than REVEALED_LINE, so that the cursor there is the Hunt Results view's doing. */
const HUNT_REVEALED_LINE = 5;
/** The `name:` of both sample detections, as the Test Explorer labels them. */
const MSIEXEC_TESTS = ['Windows MSIExec DLLRegisterServer', 'Windows MSIExec Unregister DLLRegisterServer'];
/**
 * A detection whose tests name no sample (written into the workspace copy): running it asks for a
 * log with a quick pick, and the choice is remembered for it. Same search as DETECTION.
 */
const PICKED_DETECTION = 'detections/endpoint/msiexec_dllregisterserver_without_sample.yml';
/** Its own name (the file is named after it) and id: SPL154 and SPL162 have nothing to say about it. */
const PICKED_DETECTION_TEXT = DETECTION_TEXT.replace(/^name: .*$/m, 'name: MSIExec DLLRegisterServer Without Sample')
  .replace(/^id: .*$/m, 'id: 3f0d2c7e-8a41-4f6b-9d2e-5b7c1a9e4d30')
  .replace(/^tests:[\s\S]*$/m, '');
/**
 * The repository content the sample detections name (so they stay clean), and a detection whose story
 * has a typo: the SPL156 finding and the data source completion steps work on it.
 */
const CONTENT_FILES: Record<string, string> = {
  'stories/windows_system_binary_proxy_execution_msiexec.yml': 'name: Windows System Binary Proxy Execution MSIExec\ndescription: Adversaries may abuse msiexec.exe to proxy execution of malicious payloads.\n',
  'data_sources/sysmon_eventid_1.yml': 'name: Sysmon EventID 1\ndescription: Process creation events from Sysmon.\nsource: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\nsourcetype: xmlwineventlog\n',
  'data_sources/windows_event_log_security_4688.yml': 'name: Windows Event Log Security 4688\nsource: XmlWinEventLog:Security\nsourcetype: XmlWinEventLog\n',
  'data_sources/crowdstrike_processrollup2.yml': 'name: CrowdStrike ProcessRollup2\nsource: crowdstrike\nsourcetype: crowdstrike:events:sensor\n',
};
/**
 * A detection whose test data is not in the workspace: its URL is served slowly by the test's own HTTP
 * server on 127.0.0.1, so running its test downloads it (into a cache the user settings name) with
 * the progress notification in view.
 */
const DOWNLOADED_TEST = 'MSIExec Downloaded Data';
const DOWNLOADED_DETECTION = 'detections/endpoint/msiexec_downloaded_data.yml';
const downloadedDetectionText = (url: string) =>
  DETECTION_TEXT.replace(/^name: .*$/m, `name: ${DOWNLOADED_TEST}`)
    .replace(/^id: .*$/m, 'id: 5d7e9b1c-2a3f-4c5d-8e6f-7a8b9c0d1e2f')
    .replace('windows_msiexec_dllregisterserver_filter', 'msiexec_downloaded_data_filter')
    .replace(/^(\s*- data: ).*$/m, `$1${url}`);
const STORY_DETECTION = 'detections/endpoint/msiexec_story_typo.yml';
const STORY_TYPO = 'Windows System Binary Proxy Execution MSIExe';
const STORY_DETECTION_TEXT = DETECTION_TEXT.replace(/^name: .*$/m, 'name: MSIExec Story Typo')
  .replace(/^id: .*$/m, 'id: 8c5e1f2a-3b4d-4e6f-9a7b-1c2d3e4f5a6b')
  .replace('windows_msiexec_dllregisterserver_filter', 'msiexec_story_typo_filter')
  .replace('  - Windows System Binary Proxy Execution MSIExec', `  - ${STORY_TYPO}`);
/** Typed after the search's last macro call by the Problems step, deleted again by the run step. */
const BROKEN_SUFFIX = ' | stats count by';

interface Session {
  workbench: Workbench;
  shots: Screenshots;
  attackData: AttackDataServer;
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
    await workbench.editor.type(BROKEN_SUFFIX);
    await workbench.editor.errorSquiggles().first().waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    await workbench.problems.open();
    const row = workbench.problems.row("Expected at least one field name after 'by'");
    await row.first().waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    await shots.take(workbench.page, 'problems-broken-search');
    const rows = await workbench.problems.rowTexts();
    assert.ok(rows.some((text) => text.includes('SPL007')), `the Problems panel names the code:\n${rows.join('\n')}`);
    await workbench.statusBar.item('Errors: 1').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  },

  async runOnSampleFromCodeLens({ workbench, shots }: Session): Promise<void> {
    // The previous step broke the search: delete what it typed.
    const inserted = positionOf(DETECTION_TEXT, "_filter`'", '_filter`'.length);
    await workbench.editor.goTo({ line: inserted.line, column: inserted.column + BROKEN_SUFFIX.length });
    for (let i = 0; i < BROKEN_SUFFIX.length; i++) await workbench.page.keyboard.press('Backspace');
    await workbench.statusBar.item('Errors: 1').waitFor({ state: 'detached', timeout: SERVER_TIMEOUT_MS });
    const run = new RunOnSample(workbench.page);
    await run.clickRunOnSample();
    const summary = await run.waitForCodeLens(/3 results from \d+ events/, SERVER_TIMEOUT_MS);
    await shots.take(workbench.page, 'codelens-run-summary');
    assert.match(summary, /^3 results from 11 events, \d+\.\d\d s$/);
  },

  async inlayHintsAfterInValues({ workbench, shots }: Session): Promise<void> {
    const run = new RunOnSample(workbench.page);
    await workbench.editor.goTo(positionOf(DETECTION_TEXT, '"*-y*"', '"*-y*"'.length));
    const slash = await run.hintAfter('"*/y*"', SERVER_TIMEOUT_MS);
    const dash = await run.hintAfter('"*-y*"', SERVER_TIMEOUT_MS);
    await shots.take(workbench.page, 'inlay-hints-in-values');
    // samples/README.md: /y on lines 2 and 5 (and inside line 1's cmd.exe command line, and xcopy /y); -y on line 6.
    assert.equal(slash, '= 4');
    assert.equal(dash, '= 1');
  },

  async evasionCodeLensAndHover({ workbench, shots }: Session): Promise<void> {
    const run = new RunOnSample(workbench.page);
    // "Run on sample" also checked the hits' variants: only the superscript /ʸ evades, rejected by "*/y*" (docs/evasion.md).
    assert.equal(await run.waitForCodeLens(/variants evade/, SERVER_TIMEOUT_MS), '⚠ 2 of 33 variants evade');
    await shots.take(workbench.page, 'evasion-codelens');
    await workbench.editor.goTo(positionOf(DETECTION_TEXT, '"*/y*"', 2));
    await workbench.editor.token('"*/y*"').hover({ timeout: UI_TIMEOUT_MS });
    const text = await workbench.hover.waitFor('variants of the hits evade', SERVER_TIMEOUT_MS);
    await shots.take(workbench.page, 'evasion-codelens-hover');
    assert.match(text, /2 variants of the hits evade Processes\.process="\*\/y\*"/);
    assert.match(text, /character-substitution \(log line 2\)/);
    assert.match(text, /msiexec\.exe\s+\/ʸ C:\\Users/);
    await workbench.page.keyboard.press('Escape');
  },

  async hitLinesInSampleLog({ workbench, shots }: Session): Promise<void> {
    await workbench.editor.open(SAMPLE_LOG);
    const run = new RunOnSample(workbench.page);
    await run.highlightedLines().first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await shots.take(workbench.page, 'sample-log-hit-lines');
    // Line 1 (cmd.exe running msiexec) is no hit: the first highlight starts at line 2.
    const tops = await run.firstHighlightAndLineTop(2);
    assert.ok(Math.abs(tops.highlight - tops.line) < 2, `the first highlighted line is line 2: ${JSON.stringify(tops)}`);
  },

  async resultsViewRevealsEventLine({ workbench, shots }: Session): Promise<void> {
    // Another file in front, so that the log becoming active again is the event row's doing.
    await workbench.editor.open('README.md');
    const view = new ResultsView(workbench.page, workbench);
    await view.open();
    await waitUntil('3 result rows in Detection Results', async () => (await view.resultRows().count()) === 3, { timeoutMs: UI_TIMEOUT_MS, pollMs: 200 });
    const rows = await view.resultRows().allInnerTexts();
    for (const line of HIT_LINES) assert.ok(rows.some((text) => new RegExp(`line ${line}\\s*$`).test(text)), `a result at line ${line}:\n${rows.join('\n')}`);
    await view.openEventOfResultAtLine(REVEALED_LINE);
    await workbench.editor.tab('msiexec_sysmon.log').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await workbench.statusBar.cursorPosition(REVEALED_LINE, 1).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await shots.take(workbench.page, 'results-view-event-line');
  },

  async testExplorerRunsMsiexecTests({ workbench, shots }: Session): Promise<void> {
    const explorer = new TestExplorer(workbench.page, workbench);
    await explorer.open();
    for (const label of MSIEXEC_TESTS) await explorer.row(label).waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    for (const label of MSIEXEC_TESTS) {
      await explorer.run(label);
      await explorer.passedIcon(label).waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    }
    await shots.take(workbench.page, 'test-explorer-passed');
  },

  async testExplorerDownloadsData({ workbench, shots, attackData }: Session): Promise<void> {
    const explorer = new TestExplorer(workbench.page, workbench);
    await explorer.open();
    await explorer.row(DOWNLOADED_TEST).waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    await explorer.run(DOWNLOADED_TEST);
    const toast = workbench.page.locator('.notification-toast', { hasText: 'Downloading msiexec_slow.log' });
    await toast.waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    await shots.take(workbench.page, 'test-explorer-download-progress');
    await explorer.passedIcon(DOWNLOADED_TEST).waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    await shots.take(workbench.page, 'test-explorer-downloaded-pass');
    assert.equal(attackData.requests.filter((r) => r.path.startsWith('/bad/slow/')).length, 1, 'downloaded once');
  },

  async quickPickOfLogRemembered({ workbench, shots }: Session): Promise<void> {
    await workbench.editor.open(PICKED_DETECTION);
    const run = new RunOnSample(workbench.page);
    await run.clickRunOnSample();
    await workbench.pickFromQuickPick('Run the detection on which log?', SAMPLE_LOG);
    await run.waitForCodeLens(/^3 results from 11 events, \d+\.\d\d s$/, SERVER_TIMEOUT_MS);
    // An edit makes the hits stale; running again must not ask (a quick pick would hold the run).
    await workbench.editor.goTo(positionOf(PICKED_DETECTION_TEXT, 'name: ', 'name: '.length));
    await workbench.page.keyboard.type('Picked ');
    await run.waitForCodeLens(/stale: edited since the run/, SERVER_TIMEOUT_MS);
    await run.clickRunOnSample();
    await run.waitForCodeLens(/^3 results from 11 events, \d+\.\d\d s$/, SERVER_TIMEOUT_MS);
    assert.equal(await workbench.page.locator('.quick-input-widget').isVisible(), false, 'no quick pick on the second run');
    await shots.take(workbench.page, 'picked-log-remembered');
  },

  async extensionPageShowsScreenshots({ workbench, shots }: Session): Promise<void> {
    const page = new ExtensionPage(workbench.page, workbench);
    await page.open('SPL Detection Workbench');
    const wanted = [...readFileSync(join(ROOT, 'docs/marketplace.md'), 'utf8').matchAll(/!\[([^\]]+)\]\(/g)].map((match) => match[1]);
    assert.equal(wanted.length, 3, 'the marketplace README has three screenshots');
    let shown: ReadmeImage[] = [];
    const images = await waitUntil(
      'the README screenshots drawn on the extension page',
      async () => {
        shown = await page.readmeImages();
        return wanted.every((alt) => shown.some((image) => image.alt === alt && image.loaded)) ? shown : undefined;
      },
      { timeoutMs: UI_TIMEOUT_MS, pollMs: 250 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; images seen: ${JSON.stringify(shown)}`);
    });
    await page.scrollTo(wanted[0]);
    await shots.take(workbench.page, 'extension-page-screenshots');
    assert.ok(images.length >= 3);
  },

  async unknownStoryFinding({ workbench, shots }: Session): Promise<void> {
    await workbench.editor.open(STORY_DETECTION);
    // The story is below the fold: bring it into view, where its squiggle is drawn.
    await workbench.editor.goTo(positionOf(STORY_DETECTION_TEXT, STORY_TYPO, 4));
    await workbench.editor.errorSquiggles().first().waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    await workbench.problems.open();
    const row = workbench.problems.row(`\`${STORY_TYPO}\` is not the name of an analytic story`);
    await row.first().waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    const text = await row.first().innerText();
    assert.match(text, /SPL156/);
    assert.match(text, /did you mean `Windows System Binary Proxy Execution MSIExec`/);
    await shots.take(workbench.page, 'unknown-story-finding');
  },

  async dataSourceCompletion({ workbench, shots }: Session): Promise<void> {
    await workbench.editor.open(STORY_DETECTION);
    // A new data_source item after the last one.
    await workbench.editor.goTo(positionOf(STORY_DETECTION_TEXT, '- CrowdStrike ProcessRollup2', '- CrowdStrike ProcessRollup2'.length));
    await workbench.page.keyboard.press('Enter');
    await workbench.editor.type('- Sys');
    const suggest = new SuggestWidget(workbench.page);
    const rows = await suggest.open('Sysmon EventID 1', SERVER_TIMEOUT_MS);
    await shots.take(workbench.page, 'data-source-completion');
    assert.ok(rows.some((r) => r.includes('Sysmon EventID 1')), rows.join('\n'));
    await suggest.accept();
    await workbench.editor.token('Sysmon EventID 1').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  },

  async huntWithAllDetections({ workbench, shots }: Session): Promise<void> {
    // The log opened with the Explorer shown is revealed in it; another file in front, so that the hunted log is the menu's doing.
    await workbench.runCommand('View: Show Explorer');
    await workbench.editor.open(SAMPLE_LOG);
    await workbench.editor.open('README.md');
    await workbench.explorerContextMenu('msiexec_sysmon.log', 'Hunt with All Detections');
    await workbench.pickFromQuickPick('How are the events of this log labelled?', 'Sysmon');
    const view = new HuntView(workbench.page);
    // Every detection of the workspace copy (earlier steps add some) holds an msiexec search with hits in the sample log.
    await view.message(/(\d+) detections ran on logs\/msiexec_sysmon\.log: \1 with hits, 0 cannot run; 11 events/).waitFor({ state: 'visible', timeout: SERVER_TIMEOUT_MS });
    // The /y detections each show the 3 hits of samples/README.md (lines 2, 5, 6).
    const detection = view.detectionRows('3 rows, 3 events').first();
    await detection.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await shots.take(workbench.page, 'hunt-results');
    // A detection row opens the detection; an event row under it opens the log at the event's line.
    await detection.click({ timeout: UI_TIMEOUT_MS });
    await workbench.editor.tab('.yml').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await view.openEventOf(detection, HUNT_REVEALED_LINE);
    await workbench.editor.tab('msiexec_sysmon.log').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await workbench.statusBar.cursorPosition(HUNT_REVEALED_LINE, 1).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  },
};

describe('the packaged extension in VS Code (code-server + Chromium)', () => {
  let server: CodeServer | undefined;
  let attackData: AttackDataServer | undefined;
  let browser: Browser | undefined;
  let session: Session | undefined;
  let url = '';
  let failed: string | undefined;

  before(async () => {
    const vsix = packageExtension();
    attackData = await startAttackDataServer({ 'msiexec_slow.log': readFileSync(join(ROOT, 'samples', SAMPLE_LOG)) });
    server = new CodeServer();
    writeFileSync(join(server.workspace, DOWNLOADED_DETECTION), downloadedDetectionText(`${attackData.base}/bad/slow/msiexec_slow.log`));
    // The cache is a user (machine) setting: a workspace cannot point it elsewhere.
    const userSettings = join(server.home, 'user-data', 'User', 'settings.json');
    writeFileSync(userSettings, JSON.stringify({ ...JSON.parse(readFileSync(userSettings, 'utf8')), 'splDetect.attackDataCache': join(server.home, 'attack-data-cache') }, null, 2));
    writeFileSync(join(server.workspace, PICKED_DETECTION), PICKED_DETECTION_TEXT);
    writeFileSync(join(server.workspace, STORY_DETECTION), STORY_DETECTION_TEXT);
    for (const [path, text] of Object.entries(CONTENT_FILES)) {
      mkdirSync(dirname(join(server.workspace, path)), { recursive: true });
      writeFileSync(join(server.workspace, path), text);
    }
    server.installExtension(vsix);
    url = await server.start();
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    session = { workbench: new Workbench(page), shots: new Screenshots('workbench'), attackData: attackData! };
  }, { timeout: STEP_TIMEOUT_MS });

  after(async () => {
    await closeChromium(browser);
    await server?.stop();
    await attackData?.close();
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
  step('runs the detection on its sample log from the CodeLens and shows the summary', steps.runOnSampleFromCodeLens);
  step('shows how many events each IN value matched as inlay hints', steps.inlayHintsAfterInValues);
  step('shows how many variants of the hits evade in a CodeLens, and which on hover over the clause that rejected them', steps.evasionCodeLensAndHover);
  step('highlights the hit lines in the sample log', steps.hitLinesInSampleLog);
  step('lists the 3 results in Detection Results and opens the log at an event\'s line', steps.resultsViewRevealsEventLine);
  step('runs both msiexec detections\' tests in the Test Explorer and sees them pass', steps.testExplorerRunsMsiexecTests);
  step('runs a test whose data is downloaded from a loopback server, with the progress notification, and sees it pass', steps.testExplorerDownloadsData);
  step('asks for a log when the detection names no sample, and remembers the choice', steps.quickPickOfLogRemembered);
  step('shows the marketplace README with its screenshots on the extension\'s page', steps.extensionPageShowsScreenshots);
  step('reports an analytic story the repository does not have, with the closest name, in the Problems panel', steps.unknownStoryFinding);
  step('completes a data_source item with the repository\'s data source names', steps.dataSourceCompletion);
  step('hunts with all detections from the sample log\'s context menu in the Explorer, lists the hits in Hunt Results and opens a detection and an event from them', steps.huntWithAllDetections);
});

