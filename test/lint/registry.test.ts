// The registry: sorted ids, unique ids and names, well-formed meta, and a fixture file per rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../../server/src/lint/registry';
import { formatMessage } from '../../server/src/lint/rule';

test('rules are sorted by id, ids and names are unique and well formed', () => {
  const ids = rules.map((r) => r.meta.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(new Set(rules.map((r) => r.meta.name)).size, rules.length);
  for (const { meta } of rules) {
    assert.match(meta.id, /^SPL\d{3}$/);
    assert.match(meta.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(Object.keys(meta.messages).length > 0, `${meta.id} has messages`);
    for (const part of Object.values(meta.doc)) assert.ok(part.trim().length > 20, `${meta.id} doc part is written`);
  }
});

test('every rule has a fixture file with cases that fire and cases that do not', () => {
  for (const { meta } of rules) {
    assert.ok(existsSync(join(__dirname, '..', 'fixtures', 'lint', `${meta.id}.yml`)), `test/fixtures/lint/${meta.id}.yml`);
  }
});

test('message placeholders are filled from the data, unknown ones stay visible', () => {
  assert.equal(formatMessage('{{a}} and {{ b }} and {{c}}', { a: 1, b: 'x' }), '1 and x and {{c}}');
});
