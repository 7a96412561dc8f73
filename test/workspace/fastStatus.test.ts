// The fast `status:` reader (workspace/fastStatus.ts) against the full YAML reader: the same status for
// every corpus detection it reads, and undefined (read it fully) for every shape it cannot be sure of.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { discoverFiles } from '../../server/src/workspace/discover';
import { readSplDocument } from '../../server/src/workspace/documents';
import { fastStatus } from '../../server/src/workspace/fastStatus';
import { entryOf } from '../../server/src/workspace/yamlTree';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const corpus = corpusPath('security_content');

/** The status the full reader gives (null: none), as hunt/detections.ts reads it. */
function fullStatus(path: string, text: string): string | null {
  const node = entryOf(readSplDocument(path, text).detection?.tree, 'status')?.value;
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : null;
}

test('the fast status reader gives the full YAML reader\'s status for every corpus detection it reads, and reads nearly all', () => {
  let fast = 0;
  let fellBack = 0;
  const statuses = new Map<string, number>();
  for (const path of discoverFiles([resolve(corpus, 'detections')])) {
    if (!path.endsWith('.yml')) continue;
    const text = readFileSync(path, 'utf8');
    const status = fastStatus(text);
    if (status === undefined) {
      fellBack++;
      continue;
    }
    fast++;
    assert.equal(status, fullStatus(path, text), path);
    statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
  }
  assert.equal(fast + fellBack, 1711);
  assert.ok(fellBack < 20, `${fellBack} files read fully`);
  // The corpus' statuses, deprecated ones among them (what a hunt leaves out).
  assert.ok((statuses.get('deprecated') ?? 0) > 50, JSON.stringify([...statuses]));
  assert.ok((statuses.get('production') ?? 0) > 1000, JSON.stringify([...statuses]));
});

test('the fast status reader answers only what it can be sure of', () => {
  const cases: Array<[string, string | null | undefined]> = [
    ['name: A\nstatus: production\nsearch: x\n', 'production'],
    ["name: A\nstatus: 'deprecated' # old\n", 'deprecated'],
    ['name: A\nsearch: x\n', null],
    // A quoted value over several lines is skipped whole: its line at the margin is not a key.
    ["name: A\nsearch: '| tstats count\nstatus: deprecated'\nstatus: production\n", 'production'],
    ["name: A\nsearch: 'never closed\nstatus: deprecated\n", undefined],
    ['name: A\nstatus: production\nstatus: deprecated\n', undefined],
    ['name: A\nstatus: experimental two\n', undefined],
    ['name: A\nstatus: [production]\n', undefined],
    ['name: A\n\tstatus: production\n', undefined],
    ['\ufeffstatus: production\n', undefined],
    ['status: production\n---\nstatus: deprecated\n', undefined],
    ['{status: deprecated}\n', undefined],
    ['tags:\n  status: deprecated\nstatus: production\n', 'production'],
  ];
  for (const [text, expected] of cases) {
    assert.equal(fastStatus(text), expected, JSON.stringify(text));
    if (expected !== undefined) assert.equal(fullStatus('detections/x.yml', text), expected, `the full reader: ${JSON.stringify(text)}`);
  }
});
