// Every lint rule over the whole security_content corpus: no rule throws, every finding belongs to a
// registered rule, the known true findings are reported at the value, and the counts per rule match
// test/lint/corpus-counts.golden.json (regenerate with UPDATE_GOLDEN=1; docs/corpus-findings.md quotes them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { rules } from '../../server/src/lint/registry';
import { LineIndex } from '../../server/src/text/lineIndex';
import type { Diagnostic } from '../../server/src/text/diagnostic';
import { Project } from '../../server/src/workspace/project';
import { readSplDocument } from '../../server/src/workspace/documents';
import { applyFix } from './lintHarness';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const corpus = corpusPath('security_content');
const golden = join(__dirname, 'corpus-counts.golden.json');
const ruleIds = new Set(rules.map((r) => r.meta.id));

interface Found { file: string; line: number; column: number; text: string; diagnostic: Diagnostic }

const project = Project.load([corpus]);
const found: Found[] = [];
for (const document of project.documents()) {
  const analysis = project.analyze(document.path)!;
  const lines = new LineIndex(document.text);
  for (const diagnostic of analysis.diagnostics) {
    if (!ruleIds.has(diagnostic.code)) continue;
    const position = lines.positionAt(diagnostic.span.start);
    found.push({
      file: relative(corpus, document.path),
      line: position.line + 1,
      column: position.character + 1,
      text: document.text.slice(diagnostic.span.start, diagnostic.span.end),
      diagnostic,
    });
  }
}

test('no rule fails on any corpus search', () => {
  const failures = found.filter((f) => /failed on this search/.test(f.diagnostic.message));
  assert.deepEqual(failures.map((f) => `${f.file}:${f.line}: ${f.diagnostic.message}`), []);
});

test('the msiexec detections: over-broad "*/y*", "*-y*", "*/z*", "*-z*" (SPL103); no SPL104, msiexec takes / and - only', () => {
  const at = (file: string, code: string) =>
    found.filter((f) => f.file === `detections/endpoint/${file}` && f.diagnostic.code === code).map((f) => `${f.line}:${f.column} ${f.text}`);
  assert.deepEqual(at('windows_msiexec_dllregisterserver.yml', 'SPL103'), ['13:185 "*/y*"', '13:193 "*-y*"']);
  assert.deepEqual(at('windows_msiexec_unregister_dllregisterserver.yml', 'SPL103'), ['13:185 "*/z*"', '13:193 "*-z*"']);
  // Beukema's scan tried every code point in the place of msiexec's `/`: only `-` works, so the list is complete.
  assert.deepEqual(at('windows_msiexec_dllregisterserver.yml', 'SPL104'), []);
  assert.deepEqual(at('windows_msiexec_unregister_dllregisterserver.yml', 'SPL104'), []);
});

test('the SPL104 quick fix on a corpus file yields a detection whose list has every form certutil takes and no SPL104 finding', () => {
  const file = 'windows_steal_authentication_certificates_certutil_backup.yml';
  const path = join(corpus, 'detections/endpoint', file);
  const finding = found.find((f) => f.file.endsWith(file) && f.diagnostic.code === 'SPL104' && f.text === '"*-backupdb *"')!;
  assert.equal(finding.diagnostic.severity, 'warning', 'certutil takes `/`: a form an attacker can use');
  const fixed = applyFix(readFileSync(path, 'utf8'), finding.diagnostic);
  assert.match(fixed, /Processes\.process IN \("\*-backupdb \*", "\*-backup \*", "\*\/backupdb \*", "\*–backupdb \*", "\*—backupdb \*"\)/);
  const scratch = new Project();
  for (const document of project.documents()) if (document.kind === 'macro-yaml') scratch.upsert(document.path, document.text);
  scratch.upsert(path, fixed);
  assert.equal(readSplDocument(path, fixed).diagnostics.length, 0, 'still valid YAML');
  const left = scratch.analyze(path)!.diagnostics.filter((d) => d.code === 'SPL104').map((d) => fixed.slice(d.span.start, d.span.end));
  assert.deepEqual(left, ['"*-backup *"'], 'only the other switch of the list is left');
});

test('findings per rule match the recorded counts', () => {
  const counts: Record<string, number> = Object.fromEntries(rules.map((r) => [r.meta.id, 0]));
  for (const f of found) counts[f.diagnostic.code]++;
  const bySeverity: Record<string, Record<string, number>> = {};
  for (const f of found) {
    const entry = (bySeverity[f.diagnostic.code] ??= {});
    entry[f.diagnostic.severity] = (entry[f.diagnostic.severity] ?? 0) + 1;
  }
  const actual = JSON.stringify({ counts, bySeverity: Object.fromEntries(Object.entries(bySeverity).sort()) }, null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, actual);
  assert.ok(existsSync(golden), 'missing golden: run UPDATE_GOLDEN=1 node test/run.mjs test/lint/corpus');
  assert.equal(actual, readFileSync(golden, 'utf8'));
});
