// `extract` / `kv` (docs/semantics.md, "extract"): pairs from _raw with delimiter characters, or the
// automatic key=value pairs; what the row already has is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEvents, run, textEvents } from './support';
import { failure } from './sourcesSupport';

test('pairdelim and kvdelim are sets of characters; a value holding a kvdelim is not extracted; keys are cleaned', async () => {
  // security_content o365_email_reported_by_user_found_malicious: extract pairdelim=";" kvdelim=":" over a renamed field.
  const events = jsonEvents([{ etps: 'RescanVerdict:Phish;tsd:Bad <bad@x.com>;ms:Invoice due;Referer:https://x.com;Bad Key!:v' }]);
  const outcome = await run('search * | rename _raw AS temp etps AS _raw | extract pairdelim=";" kvdelim=":" | table RescanVerdict tsd ms Referer Bad_Key_', events);
  assert.equal(outcome.error, undefined);
  assert.deepEqual(outcome.table, [{ RescanVerdict: 'Phish', tsd: 'Bad <bad@x.com>', ms: 'Invoice due', Bad_Key_: 'v' }]);
  const both = await run('search * | eval _raw="a=1|b=2,c=3" | kv pairdelim="|," kvdelim="=" | table a b c', jsonEvents([{ x: 1 }]));
  assert.deepEqual(both.table, [{ a: '1', b: '2', c: '3' }]);
});

test('a repeated key keeps its first value unless mv_add=true; limit caps the pairs; fields the row has are kept', async () => {
  const events = jsonEvents([{ x: 1 }]);
  const first = await run('search * | eval _raw="k=1;k=2;j=3" | extract pairdelim=";" kvdelim="=" | table k j', events);
  assert.deepEqual(first.table, [{ k: '1', j: '3' }]);
  const all = await run('search * | eval _raw="k=1;k=2;j=3" | extract pairdelim=";" kvdelim="=" mv_add=true limit=2 | table k j', events);
  assert.deepEqual(all.table, [{ k: ['1', '2'] }]);
  const kept = await run('search * | eval _raw="x=9;y=8" | extract pairdelim=";" kvdelim="=" | table x y', events);
  assert.deepEqual(kept.table, [{ x: '1', y: '8' }]);
});

test('without delimiters: the automatic key=value pairs; one delimiter alone or an extractor name fails at the command', async () => {
  const auto = await run('search * | eval _raw="user=bob action=\\"logon ok\\" src=10.0.0.1" | extract | table user action src', jsonEvents([{ x: 1 }]));
  assert.deepEqual(auto.table, [{ user: 'bob', action: 'logon ok', src: '10.0.0.1' }]);
  for (const [spl, message] of [
    ['search * | extract pairdelim=";"', /^RUN004: extract needs both pairdelim= and kvdelim=/],
    ['search * | extract my_transform', /^RUN004: extract with a transforms.conf extractor is not supported by the local engine .* @ my_transform$/],
  ] as const) {
    assert.match(failure(spl, await run(spl, textEvents(['a=1']))), message, spl);
  }
});
