// `npm run demo`: runs both msiexec detections of samples/ on samples/logs/msiexec_sysmon.log with
// the CLI (`spl-detect run --format json`) and prints each hit with the log line of its event.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = join(root, 'samples/logs/msiexec_sysmon.log');
const logLines = readFileSync(log, 'utf8').split('\n');
const detections = ['windows_msiexec_dllregisterserver', 'windows_msiexec_unregister_dllregisterserver'];

let failed = false;
for (const name of detections) {
  const file = `samples/detections/endpoint/${name}.yml`;
  const run = spawnSync(process.execPath, [join(root, 'bin/spl-detect.js'), 'run', file, '--log', 'samples/logs/msiexec_sysmon.log', '--format', 'json'], { cwd: root, encoding: 'utf8' });
  console.log(`\n== ${name}`);
  if (run.status !== 0) {
    failed = true;
    console.log(run.stdout + run.stderr);
    continue;
  }
  const report = JSON.parse(run.stdout);
  console.log(`${report.results.length} hit(s); ${report.stats.eventsRead} events read in ${report.stats.ms} ms`);
  for (const result of report.results) {
    const f = result.fields;
    console.log(`- ${f.dest} ${f.user}: ${f.parent_process_name} -> ${f.process}   (first seen ${f.firstTime})`);
    for (const line of result.events) {
      const text = logLines[line - 1] ?? '';
      const commandLine = /<Data Name='CommandLine'>([^<]*)<\/Data>/.exec(text)?.[1] ?? text.slice(0, 120);
      console.log(`    log line ${line}: CommandLine=${commandLine}`);
    }
  }
}
process.exit(failed ? 1 : 0);
