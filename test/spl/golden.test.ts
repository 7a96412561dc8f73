/**
 * Golden files: every test/fixtures/parser/*.spl is parsed (files named `fragment-*.spl` as macro
 * definitions) and compared with its .ast.json: diagnostics, comments and the full AST with spans.
 * Each node also carries `"@"`, the source text of its span, so a reviewer can read the golden file.
 * Regenerate with UPDATE_GOLDEN=1.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseSpl } from '../../server/src/spl/parser';
import { assertSpansInside } from './helpers';

const dir = join(__dirname, '..', 'fixtures', 'parser');
const update = process.env.UPDATE_GOLDEN === '1';

function withSources(value: unknown, text: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withSources(item, text));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  const node = value as { kind?: unknown; span?: { start: number; end: number } };
  for (const [key, item] of entries) {
    out[key] = withSources(item, text);
    if (key === 'span' && typeof node.kind === 'string' && node.span) {
      const src = text.slice(node.span.start, node.span.end);
      out['@'] = src.length > 80 ? `${src.slice(0, 77)}...` : src;
    }
  }
  return out;
}

/** Prints `{ "start": 1, "end": 2 }` on one line: golden files stay readable. */
function compactSpans(json: string): string {
  return json.replace(/\{\s*"start": (\d+),\s*"end": (\d+)\s*\}/g, '{ "start": $1, "end": $2 }');
}

const fixtures = readdirSync(dir).filter((name) => name.endsWith('.spl')).sort();

test('the parser fixtures exist and every golden file has its fixture', () => {
  assert.ok(fixtures.length >= 30, `only ${fixtures.length} fixtures`);
  for (const golden of readdirSync(dir).filter((name) => name.endsWith('.ast.json'))) {
    assert.ok(fixtures.includes(golden.replace(/\.ast\.json$/, '.spl')), `${golden} has no .spl fixture`);
  }
});

for (const name of fixtures) {
  test(`golden ${name}`, () => {
    const text = readFileSync(join(dir, name), 'utf8');
    const fragment = name.startsWith('fragment-');
    const result = parseSpl(text, { fragment });
    assertSpansInside(result, text, name);
    const actual = compactSpans(JSON.stringify(withSources({ fragment, diagnostics: result.diagnostics, comments: result.comments, ast: result.ast }, text), null, 2)) + '\n';
    const goldenPath = join(dir, name.replace(/\.spl$/, '.ast.json'));
    if (update) {
      writeFileSync(goldenPath, actual);
      return;
    }
    assert.ok(existsSync(goldenPath), `${goldenPath} is missing; run with UPDATE_GOLDEN=1`);
    assert.equal(actual, readFileSync(goldenPath, 'utf8'));
    const hasErrors = result.diagnostics.some((d) => d.severity === 'error');
    assert.equal(hasErrors, name.startsWith('errors-'), name.startsWith('errors-') ? 'an errors-* fixture must report errors' : 'only errors-* fixtures may report errors');
  });
}
