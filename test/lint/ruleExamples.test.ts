// The SPL examples of the rule pages are real: each search of "Example that is reported" gets a finding
// of its rule, each search of "Use instead" gets none. Checked for the search rules SPL104, SPL107, SPL109-SPL141.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rules } from '../../server/src/lint/registry';
import { isDocumentRule } from '../../server/src/lint/rule';
import { lintSearchText } from './lintHarness';

const CHECKED = /^SPL1(0[479]|[1234]\d)$/;

/** The searches of the first ```spl block: one per `... |` line, else the whole block as one search. */
function searches(markdown: string): string[] {
  const block = /```spl\n([^]*?)\n```/.exec(markdown)?.[1] ?? '';
  const lines = block.split('\n').filter((line) => line.trim() !== '');
  return lines.every((line) => line.startsWith('...')) ? lines : [block];
}

for (const rule of rules) {
  if (isDocumentRule(rule) || !CHECKED.test(rule.meta.id)) continue;
  const { id, doc } = rule.meta;
  test(`${id}: every example search is reported, every alternative is not`, () => {
    for (const search of searches(doc.example)) {
      const { diagnostics, errors } = lintSearchText(search, { only: [id] });
      assert.deepEqual(errors.filter((e) => !e.code.startsWith('SPL1')).map((e) => e.message), [], `example parses: ${search}`);
      assert.ok(diagnostics.length > 0, `example not reported: ${search}`);
    }
    for (const search of searches(doc.useInstead)) {
      const { diagnostics } = lintSearchText(search, { only: [id] });
      assert.deepEqual(diagnostics.map((d) => d.message), [], `alternative reported: ${search}`);
    }
  });
}
