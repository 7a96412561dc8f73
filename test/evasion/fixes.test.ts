// The fixes the evasion check calls certain are: applied to the search, the variants they concern no
// longer evade. A comparison of search becomes an IN list with the variants' option forms, and lint's
// SPL111 fix lower-cases the case-sensitive like() that rejected the upper-case image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Project } from '../../server/src/workspace/project';
import { checkEvasion, type EvasionReport } from '../../server/src/evasion/checkEvasion';
import { certainFixes, type EvasionFix } from '../../server/src/evasion/fixes';

const log = resolve(__dirname, '../../samples/logs/msiexec_sysmon.log');
const metadata = { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog' };

async function evade(dir: string, search: string): Promise<{ report: EvasionReport; fixes: EvasionFix[] }> {
  const path = join(dir, 'search.spl');
  writeFileSync(path, search + '\n');
  const project = Project.load([dir]);
  const report = await checkEvasion({ project, path, log, metadata, now: 1_700_000_000 });
  const analysis = project.analyze(path)!;
  return { report, fixes: certainFixes(report.hits.flatMap((h) => h.variants), analysis.document.text, analysis.diagnostics) };
}

const evadingTechniques = (report: EvasionReport) => [...new Set(report.hits.flatMap((h) => h.variants.filter((v) => v.evades).map((v) => v.technique)))].sort();

test('applied, the certain fixes leave only the variants no fix is certain for (a renamed copy the search never names by OriginalFileName)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evade-fixes-'));
  try {
    const search = 'index=main EventCode=1 CommandLine="*/y*" | where like(Image, "%msiexec.exe")';
    const before = await evade(dir, search);
    assert.deepEqual(evadingTechniques(before.report), ['character-substitution', 'image-name-case', 'option-char-substitution', 'renamed-image']);
    assert.deepEqual(before.fixes.map((f) => [f.title, f.edits.map((e) => [search.slice(e.span.start, e.span.end), e.newText])]), [
      ['List "*-y*", "*/ʸ*" too: the option-char-substitution and character-substitution variants evade CommandLine="*/y*"', [['CommandLine="*/y*"', 'CommandLine IN ("*/y*", "*-y*", "*/ʸ*")']]],
      ['Compare lower(Image) with lower-case values: the image-name-case variant evades it', [['Image', 'lower(Image)']]],
    ]);
    let fixed = search;
    for (const edit of before.fixes.flatMap((f) => f.edits).sort((a, b) => b.span.start - a.span.start)) fixed = fixed.slice(0, edit.span.start) + edit.newText + fixed.slice(edit.span.end);
    assert.equal(fixed, 'index=main EventCode=1 CommandLine IN ("*/y*", "*-y*", "*/ʸ*") | where like(lower(Image), "%msiexec.exe")');
    const after = await evade(dir, fixed);
    // "*-y*" now also finds line 6's \my-yearly\ path (the false positive of the sample detection).
    assert.deepEqual(after.report.hits.map((h) => h.events), [[2], [5], [6]]);
    assert.deepEqual(evadingTechniques(after.report), ['renamed-image']);
    assert.deepEqual(after.fixes, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
