// docs/rules/<ID>.md and docs/rules/README.md are generated from the rules' meta: the files must equal
// the generated text. UPDATE_GOLDEN=1 rewrites them (and removes pages of rules that no longer exist).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDoc, renderRulesIndex, ruleDocFileName } from '../../server/src/lint/docs';
import { rules } from '../../server/src/lint/registry';
import { isDocumentRule } from '../../server/src/lint/rule';

const DOCS = join(__dirname, '..', '..', 'docs', 'rules');
const update = process.env.UPDATE_GOLDEN === '1';

const expected = new Map<string, string>([
  ['README.md', renderRulesIndex(rules)],
  ...rules.map((rule) => [ruleDocFileName(rule.meta.id), renderRuleDoc(rule)] as [string, string]),
]);

if (update) {
  mkdirSync(DOCS, { recursive: true });
  for (const name of readdirSync(DOCS)) if (name.endsWith('.md') && !expected.has(name)) unlinkSync(join(DOCS, name));
  for (const [name, text] of expected) writeFileSync(join(DOCS, name), text);
}

for (const [name, text] of expected) {
  test(`docs/rules/${name} is the generated page`, () => {
    assert.ok(existsSync(join(DOCS, name)), `missing docs/rules/${name}: run UPDATE_GOLDEN=1 node test/run.mjs test/lint/docs`);
    assert.equal(readFileSync(join(DOCS, name), 'utf8'), text);
  });
}

test('docs/rules holds no page for a rule that does not exist', () => {
  const extra = readdirSync(DOCS).filter((n) => n.endsWith('.md') && !expected.has(n));
  assert.deepEqual(extra, []);
});

test('every rule page has the five parts the issue asks for, with SPL (or, for a detection file, YAML) examples', () => {
  for (const rule of rules) {
    const page = expected.get(ruleDocFileName(rule.meta.id))!;
    for (const heading of ['## What it reports', '## Why', '## Example that is reported', '## Use instead']) {
      assert.ok(page.includes(heading), `${rule.meta.id} lacks ${heading}`);
    }
    // Rules about a detection file's keys show YAML; every other rule shows SPL.
    const block = isDocumentRule(rule) ? /```(spl|yaml)\n/ : /```spl\n/;
    assert.match(rule.meta.doc.example, block, `${rule.meta.id}: the example is an SPL block`);
    assert.match(rule.meta.doc.useInstead, block, `${rule.meta.id}: the alternative is an SPL block`);
  }
});
