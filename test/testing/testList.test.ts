// The Test Explorer's line scan of a detection's tests gives what the full YAML reader gives, on every
// corpus detection; layouts it cannot be sure of are left to the full reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Project } from '../../server/src/workspace/project';
import { scanDetectionTests } from '../../server/src/testing/testList';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

test('on every corpus detection the scan names the detection and its tests as the full reader does', () => {
  const project = Project.load([corpusPath('security_content')]);
  let compared = 0;
  const differ: string[] = [];
  for (const document of project.documents()) {
    if (document.kind !== 'detection') continue;
    const full = document.detection?.tests ?? [];
    const scanned = scanDetectionTests(document.text);
    if (full.length === 0) {
      if (scanned && scanned.testNames.length > 0) differ.push(`${document.path}: tests where the reader has none`);
      continue;
    }
    compared++;
    const want = { name: document.detection?.name, testNames: full.map((t, i) => t.name ?? `tests[${i}]`) };
    if (!scanned || scanned.name !== want.name || JSON.stringify(scanned.testNames) !== JSON.stringify(want.testNames)) differ.push(`${document.path}: ${JSON.stringify(scanned)} != ${JSON.stringify(want)}`);
  }
  assert.ok(compared > 1400, `${compared} detections with tests`);
  assert.deepEqual(differ, []);
});

test('the scan reads names plain, quoted, on the item line or below it, unnamed tests by index, and gives up on what needs the reader', () => {
  const scan = (text: string) => scanDetectionTests(text);
  assert.deepEqual(scan("name: 'A ''quoted'' one'\nsearch: x\ntests:\n- name: First\n  attack_data:\n  - data: u\n- attack_data:\n  - data: v\n  name: \"Second\"\n-   attack_data: []\n"), {
    name: "A 'quoted' one",
    line: 2,
    testNames: ['First', 'Second', 'tests[2]'],
  });
  assert.deepEqual(scan('name: x\ntests:\n  - name: Indented # a comment\n    attack_data: []\nhow_to_implement: y\n')?.testNames, ['Indented']);
  assert.equal(scan('name: x\ntests: []\n'), undefined, 'flow style: the reader decides');
  assert.equal(scan('name: x\ntests:\n- name: |\n    multi\n'), undefined);
  assert.equal(scan('name: x\nsearch: y\n'), undefined);
});
