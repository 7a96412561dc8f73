import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { discoverFiles } from '../../server/src/workspace/discover';
import { classifyPath, readSplDocument } from '../../server/src/workspace/documents';
import { spanToFile } from '../../server/src/text/embeddedSearch';
import { fastCalls } from '../../server/src/workspace/fastCalls';
import { scanAllMacroCalls, scanRunTimeCalls } from '../../server/src/macros/runTimeCalls';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const corpus = corpusPath('security_content');

function fullCalls(path: string, text: string) {
  return readSplDocument(path, text).searches.flatMap((search) =>
    scanAllMacroCalls(search.text)
      .filter((call) => call.name)
      .map((call) => ({ path, name: call.name, arity: call.args?.length ?? 0, span: spanToFile(search, call.span), nameSpan: spanToFile(search, call.nameSpan) })),
  );
}

test('the fast index reader finds exactly the calls the full YAML reader finds (map\'s searches included), on every corpus detection', () => {
  let fast = 0;
  let fellBack = 0;
  let inMapSearches = 0;
  for (const path of discoverFiles([resolve(corpus, 'detections')])) {
    const text = readFileSync(path, 'utf8');
    inMapSearches += readSplDocument(path, text).searches.reduce((n, search) => n + scanRunTimeCalls(search.text).length, 0);
    const found = fastCalls(path, text, classifyPath(path)!);
    if (!found) {
      fellBack++;
      continue;
    }
    fast++;
    assert.deepEqual(found, fullCalls(path, text), path);
  }
  assert.equal(fast + fellBack, 1711);
  // `wineventlog_security` in the map searches of six windows_ad_* detections; three calls in
  // potential_password_in_username's map search (one with escaped quotes: `drop_dm_object_name(\"Authentication\")`).
  assert.equal(inMapSearches, 9);
  assert.ok(fellBack <= 10, `${fellBack} detections needed the full reader`);
});

test('shapes the fast reader does not handle fall back to the full reader', () => {
  const detection = (search: string) => `name: X\nid: 1\nsearch: ${search}\n`;
  assert.equal(fastCalls('/w/detections/a.yml', detection('"`m` x"'), 'detection'), undefined, 'double-quoted');
  assert.equal(fastCalls('/w/detections/a.yml', detection('|\n  `m` x'), 'detection'), undefined, 'block scalar');
  assert.equal(fastCalls('/w/detections/a.yml', detection("&a '`m`'"), 'detection'), undefined, 'anchor');
  assert.equal(fastCalls('/w/detections/a.yml', detection("'`m`' junk"), 'detection'), undefined, 'text after the scalar');
  assert.equal(fastCalls('/w/detections/a.yml', detection("'`m`") , 'detection'), undefined, 'unterminated');
  assert.equal(fastCalls('/w/detections/a.yml', `search: '\`a\`'\nsearch: '\`b\`'\n`, 'detection'), undefined, 'duplicate key');
});

test('folded lines, doubled quotes and comments inside a single-quoted search map exactly', () => {
  const text = "name: X\nsearch: '`sysmon` x=''a''\n  | `drop_dm_object_name(\n  Processes)` | `x_filter`' # note\nother: '`not_spl`'\n";
  const found = fastCalls('/w/detections/a.yml', text, 'detection')!;
  assert.deepEqual(found, fullCalls('/w/detections/a.yml', text));
  assert.deepEqual(found.map((c) => `${c.name}/${c.arity}:${text.slice(c.nameSpan.start, c.nameSpan.end)}`), ['sysmon/0:sysmon', 'drop_dm_object_name/1:drop_dm_object_name', 'x_filter/0:x_filter']);
  const call = found[1];
  assert.equal(text.slice(call.span.start, call.span.end), '`drop_dm_object_name(\n  Processes)`');
});
