// Whole-analysis properties: random edits of real corpus detections (YAML and SPL) and random values
// in their searches go through YAML mapping, macro expansion, parsing and every lint rule (as the
// CLI and the language server run them) without throwing, and every finding points inside the file.
// Parser- and YAML-only properties live in test/spl/property.test.ts and test/workspace/.
import { before } from 'node:test';
import { hangGuarded } from '../support/hangGuard';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Project } from '../../server/src/workspace/project';
import type { DocumentAnalysis } from '../../server/src/workspace/analyze';
import { LineIndex } from '../../server/src/text/lineIndex';
import { rules as lintRules } from '../../server/src/lint/registry';
import { CORPUS } from '../spl/corpusSearches';

/** A guard against hangs only (fails a stuck property), not a performance assertion. */
const HANG_GUARD = { timeout: 60_000 };

let project: Project;
let detections: string[];
const LINT_CODES = new Set(lintRules.map((rule) => rule.meta.id));

before(() => {
  project = Project.load([CORPUS]);
  detections = project.paths.filter((path) => path.includes('/detections/') && !path.includes('/deprecated/')).sort();
  assert.ok(detections.length > 1500, `${detections.length} corpus detections`);
  assert.deepEqual(project.lintConfig, {}, 'every lint rule runs with its defaults');
});

/** Every diagnostic, same-file related location and fix edit lies inside the file; codes and messages are set. */
function assertInsideFile(analysis: DocumentAnalysis, text: string, label: string): void {
  const lines = new LineIndex(text);
  const inside = (span: { start: number; end: number }, what: string) => {
    assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: non-integer span in ${label}`);
    assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: [${span.start}, ${span.end}) outside a file of ${text.length} in ${label}`);
    const position = lines.positionAt(span.end);
    assert.ok(position.line >= 0 && position.character >= 0, what);
  };
  for (const d of analysis.diagnostics) {
    const what = `${d.code} ${JSON.stringify(d.message.slice(0, 80))}`;
    assert.match(d.code, /^[A-Z]{2,4}\d{3}$/, `bad code ${d.code}`);
    assert.ok(d.message.length > 0, `${d.code} without a message`);
    inside(d.span, what);
    for (const r of d.related ?? []) if (!r.file) inside(r.span, `${what} related`);
    for (const e of d.fix?.edits ?? []) inside(e.span, `${what} fix`);
  }
  for (const { search } of analysis.searches) inside(search.fileSpan, 'search');
}

/** Pieces that matter to YAML, SPL and the lint rules (regexes, wildcards, quotes, macros). */
const PIECES = [
  '|', '[', ']', '(', ')', '"', "'", "''", '`', '```', '\\', '\\\\', '=', '!=', '<', '>', ',', '.', '*', '?', '+', '^', '$', '{2,}', ' ', '\n', '\n  ', '\t',
  ': ', '- ', '#', '&', 'AND', 'OR', 'NOT', 'IN', 'by', 'as', 'where', 'eval', 'stats', 'rex', 'regex', 'match(', 'like(', 'tstats', 'search', 'lookup',
  '`sysmon`', '`security_content_ctime(firstTime)`', '`drop_dm_object_name(Processes)`', '`process_msiexec`', '`no_such_macro(1,2)`',
  'Processes.process_name=', 'process_name=*.exe', '"*\\\\cmd.exe*"', '"(?<x>\\d+)"', '"(?P<name>[^\\\\]+)"', '(?i)', '(?=', '%', 'é', '😀', '\u0000',
];
const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 5, unit: 'binary' }) });

type Edit = { at: number; remove: number; insert: string; inSearch: boolean };
const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 10 }), insert: piece, inSearch: fc.boolean() });

function applyEdits(text: string, searchSpan: { start: number; end: number } | undefined, edits: Edit[]): string {
  let out = text;
  for (const { at, remove, insert, inSearch } of edits) {
    const [from, to] = inSearch && searchSpan ? [searchSpan.start, Math.min(searchSpan.end, out.length)] : [0, out.length];
    const position = from + (to > from ? at % (to - from + 1) : 0);
    out = out.slice(0, position) + insert + out.slice(position + remove);
  }
  return out;
}

hangGuarded('random edits of corpus detection files: YAML, expansion, parsing and every lint rule never throw; findings stay inside the file', HANG_GUARD, () => {
  let lintFindings = 0;
  fc.assert(
    fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 5 }), (pick, edits) => {
      const path = detections[pick % detections.length];
      const original = project.document(path)!.text;
      const span = project.document(path)!.searches.find((s) => s.role === 'search')?.fileSpan;
      const text = applyEdits(original, span, edits);
      try {
        project.upsert(path, text);
        const analysis = project.analyze(path)!;
        assertInsideFile(analysis, text, path);
        lintFindings += analysis.diagnostics.filter((d) => LINT_CODES.has(d.code)).length;
      } finally {
        project.upsert(path, original);
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(lintFindings > 0, 'no lint rule reported anything: the edits never reached lint');
});

/** SPL double-quoted string content for any text. */
const splString = (text: string) => `"${text.replace(/[\\"]/g, '\\$&')}"`;
/** Values for strings and field comparisons: regex, wildcard and path pieces the lint rules inspect. */
const VALUE_PIECES = ['*', '\\', '.', '?', '+', '(', ')', '[', ']', '{', '}', '|', '^', '$', '(?<n>', '(?P<n>', '(?i)', '\\d', '\\w+', '.exe', 'cmd', '%', '_', '-', ' ', 'é', '😀', ':'];
const value = fc.array(fc.oneof(fc.constantFrom(...VALUE_PIECES), fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join(''));

hangGuarded('random values in corpus searches (strings, field values) keep them parseable and reach every lint rule; nothing throws', HANG_GUARD, () => {
  const searches = detections.slice(0, 800).flatMap((path) => {
    const search = project.document(path)!.searches.find((s) => s.role === 'search');
    const literals = search ? [...search.text.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => m[0]) : [];
    return search && literals.length > 0 ? [{ path, text: search.text, literals }] : [];
  });
  assert.ok(searches.length > 300, `${searches.length} searches with string literals`);
  const codes = new Set<string>();
  let lintable = 0;
  fc.assert(
    fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), value), { minLength: 1, maxLength: 4 }), (pick, replacements) => {
      const { path, text: spl, literals } = searches[pick % searches.length];
      let edited = spl;
      for (const [which, replacement] of replacements) edited = edited.replace(literals[which % literals.length], splString(replacement));
      const file = `name: Robustness Value Edit\nid: 00000000-0000-0000-0000-000000000000\nsearch: '${edited.replace(/'/g, "''")}'\n`;
      const fake = path.replace(/\.yml$/, '.robustness.yml');
      try {
        project.upsert(fake, file);
        const analysis = project.analyze(fake)!;
        assertInsideFile(analysis, file, `${path} with ${JSON.stringify(replacements)}`);
        const lint = analysis.diagnostics.filter((d) => LINT_CODES.has(d.code));
        lint.forEach((d) => codes.add(d.code));
        if (!analysis.diagnostics.some((d) => d.severity === 'error' && !LINT_CODES.has(d.code))) lintable++;
      } finally {
        project.remove(fake);
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(lintable > 150, `only ${lintable} of 300 edited searches stayed free of syntax/macro errors`);
  assert.ok(codes.size >= 3, `lint codes seen: ${[...codes].join(', ')}`);
});
