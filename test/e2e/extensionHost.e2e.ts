// The extension-API suite of test/e2e/electron/ (activation, a hover through
// vscode.executeHoverProvider, CodeLenses of a savedsearches.conf), run where CI can: in code-server's extension host, with this
// repository as the extension under development. Its results come back as the extension host's
// console output, which the workbench forwards to the browser console.
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildSuite } from './electron/buildSuite';
import { closeChromium, launchChromium } from './support/browser';
import { CodeServer } from './support/codeServer';
import { Screenshots } from './support/screenshots';
import { ROOT } from './support/vsix';
import { waitUntil } from './support/wait';

const SUITE_TIMEOUT_MS = 120_000;

let server: CodeServer | undefined;
let browser: Browser | undefined;

before(() => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
  server = new CodeServer();
}, { timeout: 150_000 });

after(async () => {
  await closeChromium(browser);
  await server?.stop();
}, { timeout: 60_000 });

test('the extension-API suite passes in the extension host', { timeout: SUITE_TIMEOUT_MS + 60_000 }, async () => {
  assert.ok(server);
  const suite = await buildSuite(join(server.home, 'suite.js'));
  await server.start();
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const lines: string[] = [];
  // Extension host logs arrive styled ("%c INFO color: #33f ok - ..."): keep the message only.
  page.on('console', (message) => lines.push(message.text().replace(/^%c\s*\w+\s+color:\s*\S+\s*/, '')));
  await page.goto(server.extensionTestUrl(ROOT, suite), { timeout: SUITE_TIMEOUT_MS });
  const summary = await waitUntil(
    'the extension host suite to finish',
    () => lines.find((line) => line.startsWith('extension host suite:')),
    { timeoutMs: SUITE_TIMEOUT_MS, pollMs: 250 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\nbrowser console:\n${lines.join('\n')}\ncode-server log:\n${server?.logTail()}`);
  });
  await new Screenshots('extension-host').take(page, 'suite-finished');
  const results = lines.filter((line) => /^(not )?ok - /.test(line));
  assert.deepEqual(
    results.filter((line) => line.startsWith('not ok')),
    [],
    `failures; browser console:\n${lines.slice(-60).join('\n')}`,
  );
  assert.deepEqual(results, [
    'ok - the extension activates',
    'ok - hover on `process_msiexec` shows its definition',
    'ok - a savedsearches.conf has a Run CodeLens per saved search',
  ]);
  assert.equal(summary, 'extension host suite: 3 of 3 passed');
});
