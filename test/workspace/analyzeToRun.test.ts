// A run lints a detection with only the rules that may report an error inside a search
// (Project.analyzeToRun): only errors in its search stop a run, so its errors must be exactly those of
// the full analysis, less those of the detection-model rules (RuleMeta.outsideSearches), which must
// indeed all lie outside every search. Checked over every detection of the corpus, with the default
// configuration and with a warning rule raised to error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { corpusPath } from '../../scripts/corpus/locate.mjs';
import type { Diagnostic } from '../../server/src/text/diagnostic';
import { Project } from '../../server/src/workspace/project';
import { rules } from '../../server/src/lint/registry';

const OUTSIDE_SEARCHES = new Set(rules.filter((rule) => rule.meta.outsideSearches).map((rule) => rule.meta.id));

const corpus = corpusPath('security_content');

function errorsOf(diagnostics: readonly Diagnostic[] | undefined): string[] {
  return (diagnostics ?? []).filter((d) => d.severity === 'error').map((d) => `${d.span.start}-${d.span.end} ${d.code} ${d.message}`);
}

/** Per detection: its errors from analyzeToRun (asked first, so nothing is cached yet) and from analyze. */
function compareOverCorpus(project: Project): { detections: number; errors: Map<string, number> } {
  const errors = new Map<string, number>();
  const paths = project.paths.filter((p) => p.startsWith(join(corpus, 'detections')) && project.document(p)?.kind === 'detection');
  for (const path of paths) {
    const toRun = project.analyzeToRun(path);
    const full = project.analyze(path);
    const searches = (full?.searches ?? []).map((s) => s.search.fileSpan);
    for (const d of full?.diagnostics ?? []) {
      if (!OUTSIDE_SEARCHES.has(d.code)) continue;
      assert.ok(!searches.some((s) => d.span.start < s.end && d.span.end > s.start), `${path}: ${d.code} at ${d.span.start}-${d.span.end} is inside a search`);
    }
    const runErrors = errorsOf(full?.diagnostics.filter((d) => !OUTSIDE_SEARCHES.has(d.code)));
    assert.deepEqual(errorsOf(toRun?.diagnostics), runErrors, path);
    for (const d of full?.diagnostics ?? []) if (d.severity === 'error') errors.set(d.code, (errors.get(d.code) ?? 0) + 1);
  }
  return { detections: paths.length, errors };
}

test('every corpus detection: the errors a run sees are the full analysis\' errors, with far fewer rules run', () => {
  const { detections, errors } = compareOverCorpus(Project.load([corpus]));
  assert.ok(detections > 1700, `${detections} detections`);
  // Errors of lint rules (the detection-model rules SPL152/SPL156, outside searches) and of macro expansion are among them.
  assert.ok([...errors.keys()].some((code) => code.startsWith('SPL15')), JSON.stringify([...errors]));
  assert.ok([...errors.keys()].some((code) => code.startsWith('MAC')), JSON.stringify([...errors]));
});

test('a warning rule configured as error is run for a run, and its errors stop it', () => {
  const project = Project.load([corpus]);
  project.setLintConfig({ rules: { SPL102: 'error' } });
  const { errors } = compareOverCorpus(project);
  assert.ok((errors.get('SPL102') ?? 0) > 100, `${errors.get('SPL102')} SPL102 errors`);
});
