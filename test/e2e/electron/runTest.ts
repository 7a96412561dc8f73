// `npm run test:electron`: downloads a VS Code build (1.91, the oldest the manifest accepts, unless
// SPL_VSCODE_VERSION says otherwise), starts it on a copy of samples/ with this repository as the
// extension under development, and runs suite.ts in its extension host. Not part of CI here: the
// machine reaches no VS Code download server. CI runs the same suite in code-server's extension host
// instead (test/e2e/extensionHost.e2e.ts).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { buildSuite } from './buildSuite';

const ROOT = resolve(__dirname, '../../..');

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'spl-electron-'));
  try {
    const suite = await buildSuite(join(home, 'suite.js'));
    const workspace = join(home, 'workspace');
    cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
    await runTests({
      version: process.env.SPL_VSCODE_VERSION ?? '1.91.0',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(home, 'user-data')],
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TestRunFailedError) console.error(message);
  else console.error(`could not run VS Code ${process.env.SPL_VSCODE_VERSION ?? '1.91.0'}: ${message}\n(this test downloads VS Code; where that is impossible, npm run e2e runs the same suite in code-server)`);
  process.exit(1);
});
