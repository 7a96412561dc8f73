/**
 * The parser on Splunk's security_content corpus: every detection `search:`, every
 * `drilldown_searches[].search` and every macro `definition:` (fragment mode). Nothing may throw,
 * every span must lie inside its text, and production (non-deprecated) detections and macros must
 * parse without errors, except the hand-checked genuine errors listed in docs/corpus-findings.md.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSpl } from '../../server/src/spl/parser';
import { collectCorpus, type CorpusSearch } from './corpusSearches';
import { assertSpansInside } from './helpers';

/**
 * Genuine errors in the corpus: `file#label` -> the codes expected there. Each is explained in
 * docs/corpus-findings.md ("## Parse"). Empty today: the production corpus parses without errors.
 */
const KNOWN_CORPUS_ERRORS: Readonly<Record<string, string[]>> = {};

const corpus = collectCorpus();

test('the corpus is there: detections, drilldowns and macros', () => {
  const count = (predicate: (s: CorpusSearch) => boolean) => corpus.searches.filter(predicate).length;
  assert.ok(count((s) => s.label === 'search') > 1600, 'detection searches');
  assert.ok(count((s) => s.label.startsWith('drilldown')) > 2500, 'drilldown searches');
  assert.ok(count((s) => s.fragment) > 180, 'macro definitions');
});

test('every corpus search parses without throwing, with every span inside its text', () => {
  for (const search of corpus.searches) {
    const label = `${search.file}#${search.label}`;
    const result = parseSpl(search.text, { fragment: search.fragment });
    assertSpansInside(result, search.text, label);
    assert.ok(result.ast.stages.length > 0, `${label}: no stages`);
  }
});

test('production detections, drilldowns and macros parse without errors (except the documented ones)', () => {
  const unexpected: string[] = [];
  const seenKnown = new Set<string>();
  for (const search of corpus.searches.filter((s) => s.production)) {
    const label = `${search.file}#${search.label}`;
    const errors = parseSpl(search.text, { fragment: search.fragment }).diagnostics.filter((d) => d.severity === 'error');
    const known = KNOWN_CORPUS_ERRORS[label];
    if (known) {
      seenKnown.add(label);
      assert.deepEqual(errors.map((d) => d.code), known, label);
      continue;
    }
    for (const error of errors) {
      unexpected.push(`${label} ${error.code} ${error.message} at ${JSON.stringify(search.text.slice(error.span.start, error.span.end))}`);
    }
  }
  assert.deepEqual(unexpected, []);
  assert.deepEqual(Object.keys(KNOWN_CORPUS_ERRORS).filter((label) => !seenKnown.has(label)), [], 'allow-list entries that no longer occur');
});

test('production searches get no warnings either: the typed grammars cover what the corpus writes', () => {
  const warnings: string[] = [];
  for (const search of corpus.searches.filter((s) => s.production)) {
    for (const d of parseSpl(search.text, { fragment: search.fragment }).diagnostics.filter((d) => d.severity === 'warning')) {
      warnings.push(`${search.file}#${search.label} ${d.code} ${d.message}`);
    }
  }
  assert.deepEqual(warnings, []);
});

test('deprecated detections parse without throwing; their errors are the ones documented', () => {
  const errors = corpus.searches
    .filter((s) => !s.production)
    .flatMap((s) => parseSpl(s.text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${s.file}#${s.label} ${d.code}`));
  assert.deepEqual(errors, []);
});

test('three corpus YAML files are unreadable by the yaml package and are left to the workspace reader', () => {
  assert.deepEqual(corpus.unreadable.sort(), [
    'detections/deprecated/okta_threatinsight_login_failure_with_high_unknown_users.yml',
    'detections/deprecated/okta_threatinsight_suspected_passwordspray_attack.yml',
    'macros/base64decode.yml',
  ]);
});
