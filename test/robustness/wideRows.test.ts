// Rows with 60,000 fields (a CSV log of 60,000 columns and 10 rows) through `table *`, `fields *`,
// `fields -` and `table` with patterns: each command looks at a row's names once per pattern, so the
// runs finish within the hang guard (quadratic, `table *` took 67 s on 20,000 columns and 100 rows);
// the results keep every column, once, in order.
import { hangGuarded } from '../support/hangGuard';
import assert from 'node:assert/strict';
import { Project } from '../../server/src/workspace/project';
import { runDetection } from '../../server/src/engine/eval/runDetection';

const HANG_GUARD = { timeout: 30_000 };
const COLUMNS = 60_000;
const ROWS = 10;

async function* wideCsv(): AsyncGenerator<string> {
  yield Array.from({ length: COLUMNS }, (_, i) => `c${i}`).join(',') + '\n';
  for (let r = 0; r < ROWS; r++) yield Array.from({ length: COLUMNS }, (_, i) => `v${r}_${i}`).join(',') + '\n';
}

async function run(search: string) {
  const project = new Project();
  project.upsert('/ws/wide.spl', search);
  const result = await runDetection({ project, path: '/ws/wide.spl', log: wideCsv() });
  assert.equal(result.ok, true, JSON.stringify(result.problems));
  return result;
}

hangGuarded(`table * and fields * over ${COLUMNS} columns keep every column, in order`, HANG_GUARD, async () => {
  const table = await run('search * | table *');
  assert.equal(table.results.length, ROWS);
  const names = Object.keys(table.results[ROWS - 1].fields).filter((n) => /^c\d+$/.test(n));
  assert.deepEqual(names, Array.from({ length: COLUMNS }, (_, i) => `c${i}`));
  assert.equal(table.results[ROWS - 1].fields[`c${COLUMNS - 1}`], `v${ROWS - 1}_${COLUMNS - 1}`);
  const fields = await run('search * | fields * | stats dc(c59999) as distinct');
  assert.deepEqual(fields.results.map((r) => r.fields.distinct), [String(ROWS)]);
});

hangGuarded(`fields - with a pattern and table with patterns over ${COLUMNS} columns`, HANG_GUARD, async () => {
  const removed = await run('search * | fields - c1* | table c*');
  // c1, c10-c19, c100-c199, c1000-c1999 and c10000-c19999 go: 1 + 10 + 100 + 1,000 + 10,000 names.
  assert.equal(Object.keys(removed.results[0].fields).length, COLUMNS - 11_111);
  assert.equal(removed.results[0].fields.c1, undefined);
  const some = await run('search * | table c2*, c3, c2');
  // c2, c20-c29, c200-c299, c2000-c2999, c20000-c29999, then c3; c2 again is not a second column.
  assert.equal(Object.keys(some.results[0].fields).length, 1 + 10 + 100 + 1_000 + 10_000 + 1);
  assert.deepEqual(Object.keys(some.results[0].fields).slice(0, 3), ['c2', 'c20', 'c21']);
});
