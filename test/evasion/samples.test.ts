// spl-detect evade's core on the two msiexec detections of samples/ and their sample log: every
// variant of every hit, its verdict and the clause that rejected it, written out; the rejecting
// clause's position is the IN value in the YAML file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Project } from '../../server/src/workspace/project';
import { checkEvasion, type EvasionReport } from '../../server/src/evasion/checkEvasion';
import { generateVariants } from '../../server/src/evasion/variants';

const samples = resolve(__dirname, '../../samples');
const log = join(samples, 'logs/msiexec_sysmon.log');
const dllregister = join(samples, 'detections/endpoint/windows_msiexec_dllregisterserver.yml');
const unregister = join(samples, 'detections/endpoint/windows_msiexec_unregister_dllregisterserver.yml');

async function evade(path: string): Promise<EvasionReport> {
  return checkEvasion({ project: Project.load([samples]), path, log, now: 1_700_000_000 });
}

/** Each hit as [its line, [technique, value, verdict]]; an evading verdict names the clause and where it is. */
function summary(report: EvasionReport) {
  return report.hits.map((hit) => [
    hit.events.join(','),
    hit.variants.map((v) => [v.technique, v.value, v.evades ? `evades: ${v.rejectedBy?.clause} at ${(v.rejectedBy?.range.start.line ?? -1) + 1}:${(v.rejectedBy?.range.start.character ?? -1) + 1}` : 'matches']),
  ]);
}

const payload = 'C:\\Users\\bob\\AppData\\Local\\Temp\\payload.dll';

test('windows_msiexec_dllregisterserver: of each /y hit only the superscript ʸ evades, rejected by "*/y*"; the -y-in-a-path false positive keeps matching', async () => {
  const report = await evade(dllregister);
  assert.equal(report.run.ok, true, JSON.stringify(report.run.problems));
  assert.deepEqual(summary(report), [
    ['5', [
      ['option-char-substitution', `MSIEXEC.EXE -Y ${payload}`, 'matches'],
      ['option-case', `MSIEXEC.EXE /y ${payload}`, 'matches'],
      ['character-substitution', `MSIEXEC.EXE /ʸ ${payload}`, 'evades: Processes.process="*/y*" at 13:185'],
      ['image-name-case', 'C:\\Windows\\System32\\MSIEXEC.EXE', 'matches'],
      ['program-quoted', `"MSIEXEC.EXE" /Y ${payload}`, 'matches'],
      ['program-full-path', `C:\\Windows\\System32\\msiexec.exe /Y ${payload}`, 'matches'],
      ['program-without-extension', `MSIEXEC /Y ${payload}`, 'matches'],
      ['other-system-folder', 'C:\\Windows\\SysWOW64\\msiexec.exe', 'matches'],
      ['renamed-image', `update.exe /Y ${payload}`, 'matches'],
      ['extra-whitespace', `MSIEXEC.EXE  /Y  ${payload}`, 'matches'],
    ]],
    ['2', [
      ['option-char-substitution', `msiexec.exe  -y ${payload}`, 'matches'],
      ['option-case', `msiexec.exe  /Y ${payload}`, 'matches'],
      ['character-substitution', `msiexec.exe  /ʸ ${payload}`, 'evades: Processes.process="*/y*" at 13:185'],
      ['image-name-case', `MSIEXEC.EXE  /y ${payload}`, 'matches'],
      ['program-quoted', `"msiexec.exe"  /y ${payload}`, 'matches'],
      ['program-full-path', `C:\\Windows\\System32\\msiexec.exe  /y ${payload}`, 'matches'],
      ['program-without-extension', `msiexec  /y ${payload}`, 'matches'],
      ['other-system-folder', 'C:\\Windows\\SysWOW64\\msiexec.exe', 'matches'],
      ['renamed-image', `update.exe  /y ${payload}`, 'matches'],
      ['extra-whitespace', `msiexec.exe   /y  ${payload}`, 'matches'],
    ]],
    ['6', [
      ['option-char-substitution', 'msiexec.exe -i "C:\\Users\\bob\\my-yearly\\report-tool.msi" /qn', 'matches'],
      ['option-case', 'msiexec.exe /I "C:\\Users\\bob\\my-yearly\\report-tool.msi" /qn', 'matches'],
      ['shorthand', 'msiexec.exe /package "C:\\Users\\bob\\my-yearly\\report-tool.msi" /qn', 'matches'],
      ['option-char-substitution', 'msiexec.exe /i "C:\\Users\\bob\\my-yearly\\report-tool.msi" -qn', 'matches'],
      ['option-case', 'msiexec.exe /i "C:\\Users\\bob\\my-yearly\\report-tool.msi" /QN', 'matches'],
      ['character-substitution', 'msiexec.exe /i "C:\\Users\\bob\\my-yearly\\report-tool.msi" /qⁿ', 'matches'],
      ['image-name-case', 'MSIEXEC.EXE /i "C:\\Users\\bob\\my-yearly\\report-tool.msi" /qn', 'matches'],
      ['program-quoted', '"msiexec.exe" /i "C:\\Users\\bob\\my-yearly\\report-tool.msi" /qn', 'matches'],
      ['program-full-path', 'C:\\Windows\\System32\\msiexec.exe /i "C:\\Users\\bob\\my-yearly\\report-tool.msi" /qn', 'matches'],
      ['program-without-extension', 'msiexec /i "C:\\Users\\bob\\my-yearly\\report-tool.msi" /qn', 'matches'],
      ['other-system-folder', 'C:\\Windows\\SysWOW64\\msiexec.exe', 'matches'],
      ['renamed-image', 'update.exe /i "C:\\Users\\bob\\my-yearly\\report-tool.msi" /qn', 'matches'],
      ['extra-whitespace', 'msiexec.exe  /i  "C:\\Users\\bob\\my-yearly\\report-tool.msi"  /qn', 'matches'],
    ]],
  ]);
});

test('windows_msiexec_unregister_dllregisterserver: the renamed msiexec (installer.exe -z) gets msiexec\'s option variants through its OriginalFileName; ᶻ evades both hits', async () => {
  const report = await evade(unregister);
  assert.equal(report.run.ok, true, JSON.stringify(report.run.problems));
  const msiexec = '"C:\\Windows\\System32\\msiexec.exe"';
  assert.deepEqual(summary(report), [
    ['8', [
      ['option-char-substitution', `installer.exe /z ${payload}`, 'matches'],
      ['option-case', `installer.exe -Z ${payload}`, 'matches'],
      ['character-substitution', `installer.exe -ᶻ ${payload}`, 'evades: Processes.process="*-z*" at 13:193'],
      ['image-name-case', `INSTALLER.EXE -z ${payload}`, 'matches'],
      ['program-quoted', `"installer.exe" -z ${payload}`, 'matches'],
      ['program-full-path', `C:\\Users\\bob\\AppData\\Local\\Temp\\installer.exe -z ${payload}`, 'matches'],
      ['program-without-extension', `installer -z ${payload}`, 'matches'],
      ['renamed-image', `update.exe -z ${payload}`, 'matches'],
      ['extra-whitespace', `installer.exe  -z  ${payload}`, 'matches'],
    ]],
    ['3', [
      ['option-char-substitution', `${msiexec} -z ${payload}`, 'matches'],
      ['option-case', `${msiexec} /Z ${payload}`, 'matches'],
      ['character-substitution', `${msiexec} /ᶻ ${payload}`, 'evades: Processes.process="*/z*" at 13:185'],
      ['image-name-case', `"C:\\Windows\\System32\\MSIEXEC.EXE" /z ${payload}`, 'matches'],
      ['program-without-extension', `"C:\\Windows\\System32\\msiexec" /z ${payload}`, 'matches'],
      ['other-system-folder', `"C:\\Windows\\SysWOW64\\msiexec.exe" /z ${payload}`, 'matches'],
      ['renamed-image', `"C:\\ProgramData\\update.exe" /z ${payload}`, 'matches'],
      ['extra-whitespace', `${msiexec}  /z  ${payload}`, 'matches'],
    ]],
  ]);
});

test('the rejecting clause is positioned on its IN value in the YAML file', async () => {
  const report = await evade(dllregister);
  const text = readFileSync(dllregister, 'utf8');
  const evading = report.hits.flatMap((h) => h.variants).filter((v) => v.evades);
  assert.equal(evading.length, 2);
  for (const v of evading) assert.equal(text.slice(v.rejectedBy!.span.start, v.rejectedBy!.span.end), '"*/y*"');
});

test('a variant rewrites every field the event carries for the same thing: the renamed copy changes Image and the command line, never OriginalFileName', () => {
  const line = readFileSync(log, 'utf8').split('\n')[1];
  const fields: Record<string, string> = {};
  for (const m of line.matchAll(/<Data Name='(\w+)'>([^<]*)<\/Data>/g)) fields[m[1]] = m[2];
  const renamed = generateVariants((name) => fields[name]).find((v) => v.technique === 'renamed-image')!;
  assert.deepEqual(Object.fromEntries(renamed.changes), {
    CommandLine: `update.exe  /y ${payload}`,
    Image: 'C:\\ProgramData\\update.exe',
  });
  const cim = generateVariants((name) => ({ process: 'msiexec.exe /y x.dll', process_path: 'C:\\Windows\\System32\\msiexec.exe', process_name: 'msiexec.exe', original_file_name: 'msiexec.exe' })[name]);
  assert.deepEqual(Object.fromEntries(cim.find((v) => v.technique === 'other-system-folder')!.changes), {
    process_path: 'C:\\Windows\\SysWOW64\\msiexec.exe',
    process_name: 'msiexec.exe',
  });
  assert.deepEqual(Object.fromEntries(cim.find((v) => v.technique === 'image-name-case')!.changes), {
    process: 'MSIEXEC.EXE /y x.dll',
    process_path: 'C:\\Windows\\System32\\MSIEXEC.EXE',
    process_name: 'MSIEXEC.EXE',
  });
  // No path, only the process name: renaming the copy renames it too.
  const nameOnly = generateVariants((name) => ({ process: 'msiexec.exe /y x.dll', process_name: 'msiexec.exe' })[name]);
  assert.deepEqual(Object.fromEntries(nameOnly.find((v) => v.technique === 'renamed-image')!.changes), { process: 'update.exe /y x.dll', process_name: 'update.exe' });
});

test('a hit of two events: the variant changes the same image in both (the process and its network connection), so the clause on Image rejects it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evade-two-events-'));
  try {
    const lines = readFileSync(log, 'utf8').split('\n');
    writeFileSync(join(dir, 'events.log'), `${lines[1]}\n${lines[9]}\n`);
    const search = 'index=main (EventCode=1 OR EventCode=3) Image="*\\\\msiexec.exe" | stats dc(EventCode) as kinds by Image | where kinds=2';
    writeFileSync(join(dir, 'process_and_connection.spl'), search + '\n');
    const report = await checkEvasion({
      project: Project.load([dir]), path: join(dir, 'process_and_connection.spl'), log: join(dir, 'events.log'), now: 1_700_000_000,
      metadata: { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog' },
    });
    assert.deepEqual(report.hits.map((h) => h.events), [[1, 2]]);
    const verdicts = Object.fromEntries(report.hits[0].variants.map((v) => [v.technique, v.evades ? `evades: ${v.rejectedBy?.clause}` : 'matches']));
    assert.equal(verdicts['renamed-image'], 'evades: Image="*\\\\msiexec.exe"');
    assert.equal(verdicts['other-system-folder'], 'matches');
    assert.equal(verdicts['image-name-case'], 'matches');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
