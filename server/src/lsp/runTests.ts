// `splDetect/runTests`: the Test Explorer's run of a detection's tests, as `spl-detect test` runs them
// (server/src/testing/), with the data fetched on demand and its progress sent as
// `splDetect/testProgress` for the client's cancellable notification. Refused in an untrusted
// workspace, so nothing is downloaded there.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { CancellationToken } from 'vscode-languageserver';
import { AttackDataSource } from '../attackData/attackDataSource';
import { defaultCacheDir } from '../attackData/cache';
import { describeProgress, ProgressMeter } from '../attackData/progress';
import { SampleFolder } from '../testing/testData';
import { runTests, type DownloadObserver, type TestCase } from '../testing/testRunner';
import { findWorkspaceRoot } from '../workspace/root';
import type { ServerContext } from './context';
import type { RunTestsParams, RunTestsResult, TestProgressParams, TestVerdictInfo } from './protocol';
import { readScopeOf, refuseUntrusted, settingsOf, targetOf, type SettingsReader } from './runDetection';

export async function runTestsRequest(context: ServerContext, readSettings: SettingsReader, params: RunTestsParams, token: CancellationToken, progress: (p: TestProgressParams) => void): Promise<RunTestsResult> {
  refuseUntrusted(context);
  const target = targetOf(context, params?.uri);
  const settings = await settingsOf(context, readSettings, target.root);
  const root = target.root ?? findWorkspaceRoot(target.path);
  const checkout = settings.attackDataCheckout;
  const data = new AttackDataSource({ cacheDir: settings.attackDataCache ?? defaultCacheDir(), ...(checkout ? { checkout } : {}), offline: settings.offline });
  const scope = readScopeOf(context, target, settings).with([data.cache.dir, ...(checkout ? [checkout] : [])]);
  const map = [settings.attackDataMap, join(root, 'attack_data_map.json')].find((file): file is string => file !== undefined && existsSync(file));
  const samples = map ? new SampleFolder(dirname(map), scope, map) : new SampleFolder(root, scope);
  const tests: TestCase[] = (target.project.document(target.path)?.detection?.tests ?? []).map((test, i) => ({
    detection: target.path, name: test.name ?? `tests[${i}]`, attackData: test.attackData, problem: test.problem, samples, lookups: join(root, 'lookups'),
  }));
  const abort = new AbortController();
  const cancelled = token.onCancellationRequested(() => abort.abort());
  const verdicts: TestVerdictInfo[] = [];
  try {
    const downloads = params.progressId ? progressObserver(params.progressId, progress) : undefined;
    const display = (path: string) => (path.startsWith(root) ? relative(root, path) : path);
    await runTests(tests, { project: target.project, scope, data, geoipDatabase: settings.geoipDatabase, display, signal: abort.signal, ...(downloads ? { downloads } : {}) }, (index, verdict) => {
      const range = verdict.why?.range;
      verdicts.push({ name: tests[index].name, status: verdict.status, detail: verdict.detail, ms: Math.round(verdict.seconds * 1000), ...(range ? { range } : {}) });
    });
  } finally {
    cancelled.dispose();
    await data.close();
  }
  return { tests: verdicts };
}

/** Progress notifications, at most five a second: the notification cannot show more. */
function progressObserver(progressId: string, send: (p: TestProgressParams) => void): DownloadObserver {
  let meter = new ProgressMeter();
  let label = '';
  let last = 0;
  return {
    start(name, index, count) {
      meter = new ProgressMeter();
      label = count > 1 ? `Downloading [${index}/${count}] ${name}` : `Downloading ${name}`;
      send({ progressId, message: label });
    },
    update(p) {
      const now = Date.now();
      if (now - last < 200 && p.received !== p.total) return;
      last = now;
      send({ progressId, message: `${label}: ${describeProgress(meter.figures(p.received, p.total, now))}`, ...(p.total ? { percent: Math.floor((p.received / p.total) * 100) } : {}) });
    },
    finish(_bytes, failure) {
      send({ progressId, message: failure ? `${label}: ${failure}` : `${label}: done` });
    },
  };
}
