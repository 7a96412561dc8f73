// JSON events are read lazily: the reader checks each line (scanJson) and keeps where its top-level
// members are; a probe answers one top-level field and only a search that needs more flattens.
// None of this may change an answer: the check must accept and reject exactly what flattening does
// (same message, same column), a probe must equal flattening or decline, and a lazily read log
// must give the same events, times and fields as one read eagerly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flattenJson, scanJson, JsonProblem } from '../../server/src/engine/readers/jsonFlatten';
import { KeyPositions, readJsonEvent } from '../../server/src/engine/readers/jsonTopLevel';
import { parseLog } from '../../server/src/engine/readers/pipeline';
import { run } from './eval/support';
import { firstValue } from '../../server/src/engine/event';

type Json = { kind: 'scalar'; text: string } | { kind: 'string'; value: string } | { kind: 'object'; members: Array<[string, Json]> } | { kind: 'array'; items: Json[] };

const KEYS = ['', 'id', 'time', '_time', 'timestamp', 'date', 'unixTime', 'Channel', 'EventCode', 'a.b', 'id.time', 'x', 'tags', 'é', 'q"k', 'b\\s'];
const STRINGS = ['', 'Security', '2024-05-01T00:00:00Z', '1714521600', 'C:\\Windows\\x.exe', 'tab\there', 'quote"d', '\u2013dash', '\ud83d\ude00', 'line\nbreak'];
const NUMBERS = ['0', '-1', '1.50', '1e3', '12345678901234567890', '-0.0e-5', '1714521600.5'];

const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NUMBERS, 'true', 'false', 'null').map((text): Json => ({ kind: 'scalar', text })),
    fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 6 })).map((value): Json => ({ kind: 'string', value })),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 4 })), tie('value')), { maxLength: 5 }).map((members): Json => ({ kind: 'object', members })),
    fc.array(tie('value'), { maxLength: 3 }).map((items): Json => ({ kind: 'array', items })),
  ),
})).value;

const topObject = fc.array(fc.tuple(fc.constantFrom(...KEYS), json), { maxLength: 8 }).map((members): Json => ({ kind: 'object', members }));

/** JSON text with escapes and spacing varied by `seed` (every form is valid JSON for the same value). */
function serialize(value: Json, seed: number): string {
  let state = seed >>> 0 || 1;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) >>> 0;
    return (state >>> 16) % n;
  };
  const space = (): string => ['', '', ' ', '\t'][next(4)];
  const quote = (text: string): string => {
    let out = '"';
    for (let i = 0; i < text.length; i++) {
      if (next(5) === 0) out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
      else out += JSON.stringify(text[i]).slice(1, -1);
    }
    return `${out}"`;
  };
  const write = (v: Json): string => {
    switch (v.kind) {
      case 'scalar':
        return v.text;
      case 'string':
        return quote(v.value);
      case 'object':
        return `{${space()}${v.members.map(([k, m]) => `${quote(k)}${space()}:${space()}${write(m)}`).join(`${space()},${space()}`)}${space()}}`;
      case 'array':
        return `[${v.items.map(write).join(',')}]`;
    }
  };
  return write(value);
}

function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (error) {
    if (!(error instanceof JsonProblem)) throw error;
    return `${error.message} @${error.offset}`;
  }
}

const EDIT_PIECES = ['{', '}', '[', ']', '"', ',', ':', '\\', '\\u12', '\t', ' ', 'a', '0', '-', '.', 'e', 'tru', '\u0001'];

test('the lazy check accepts and rejects exactly what flattening does, with the same message and column', () => {
  fc.assert(
    fc.property(topObject, fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom(...EDIT_PIECES)), { maxLength: 3 }), (value, seed, edits) => {
      let text = serialize(value, seed);
      for (const [at, remove, insert] of edits) {
        const i = text.length === 0 ? 0 : at % (text.length + 1);
        text = text.slice(0, i) + insert + text.slice(i + remove);
      }
      assert.equal(outcome(() => scanJson(text)), outcome(() => flattenJson(text)), text);
    }),
    { numRuns: 3000 },
  );
});

test('a probe of a top-level field (whole or first value) equals flattening, or declines', () => {
  let answered = 0;
  // Shared by every event, as a reader shares it: each probe looks first where a key was last seen.
  const positions = new KeyPositions();
  fc.assert(
    fc.property(topObject, fc.nat(), fc.boolean(), (value, seed, hinted) => {
      const text = serialize(value, seed);
      const fields = flattenJson(text);
      const event = readJsonEvent(text, undefined, hinted ? positions : undefined);
      for (const name of new Set([...KEYS, ...fields.keys(), 'absent'])) {
        const first = event.probeFirst(text, name);
        if (first !== undefined) assert.equal(first ?? undefined, firstValue(fields.get(name)), `first ${name} in ${text}`);
        const probed = event.probe(text, name);
        if (probed === undefined) continue;
        answered++;
        if (probed === null) assert.equal(fields.get(name), undefined, `${name} in ${text}`);
        else assert.equal(fields.get(name), probed, `${name} in ${text}`);
      }
    }),
    { numRuns: 2000 },
  );
  assert.ok(answered > 1000, `the probe answered only ${answered} times`);
});

test('a JSON log read lazily gives the events, times and fields of the same log read eagerly', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(topObject, fc.nat(), fc.boolean()), { minLength: 1, maxLength: 12 }), (lines) => {
      const log = lines.map(([value, seed, broken]) => (broken ? serialize(value, seed).slice(1) : serialize(value, seed))).join('\n');
      const lazy = parseLog(`{"first":1}\n${log}\n`, { format: 'json' });
      const eager = parseLog(`{"first":1}\n${log}\n`, { format: 'json', eagerJson: true });
      assert.deepEqual(lazy.stats, eager.stats);
      assert.deepEqual(
        lazy.events.map((e) => [e.line, e.time, [...e.fields]]),
        eager.events.map((e) => [e.line, e.time, [...e.fields]]),
      );
    }),
    { numRuns: 500 },
  );
});

test('a probe looks first where the key was in the previous event, and only trusts a key of a length no other key has', () => {
  const positions = new KeyPositions();
  const probe = (text: string, name: string) => readJsonEvent(text, undefined, positions).probe(text, name);
  assert.equal(probe('{"EventCode":"1","Image":"a.exe"}', 'Image'), 'a.exe');
  // Same place, same key: answered there.
  assert.equal(probe('{"EventCode":"2","Image":"b.exe"}', 'Image'), 'b.exe');
  // Another key of the same length later on (a second Image): the whole value needs extraction.
  assert.equal(probe('{"EventCode":"2","Image":"c.exe","Image":"d.exe"}', 'Image'), undefined);
  // Another key where Image was: the probe looks through the members.
  assert.equal(probe('{"EventCode":"3","Other":"x","Image":"e.exe"}', 'Image'), 'e.exe');
  assert.equal(probe('{"Image":"f.exe","EventCode":"3"}', 'Image'), 'f.exe');
  assert.equal(probe('{"Image":{"x":1},"EventCode":"3"}', 'Image'), null, 'a nested value flattens to Image.x, not Image');
  assert.equal(probe('{"Imag\\u0065":"g.exe","EventCode":"3"}', 'Image'), 'g.exe', 'escaped keys are compared decoded');
});

test('time from the top level; a nested key that could spell a time field makes the reader flatten', () => {
  const times = (log: string) => parseLog(log, { format: 'json' }).events.map((e) => e.time);
  assert.deepEqual(times('{"x":1,"timestamp":"2024-05-01T00:00:00Z"}\n'), [1714521600]);
  // `""` flattens its members to top-level names, `id` holds `id.time`: both read as flattening reads them.
  assert.deepEqual(times('{"":{"time":"2024-05-01T00:00:00Z"}}\n'), [1714521600]);
  assert.deepEqual(times('{"id":{"time":"1714521601"}}\n'), [1714521601]);
  // Found early, a later field first in the order still wins: quoted at the top level, or nested (`id.time`).
  assert.deepEqual(times('{"date":"1714521600","x":"y","_time":"1714521603"}\n'), [1714521603]);
  assert.deepEqual(times('{"date":"1714521600","id":{"time":"1714521604"}}\n'), [1714521604]);
  assert.deepEqual(times('{"timestamp":"1714521600","msg":"the \\"_time\\" key is absent"}\n'), [1714521600]);
  // The first value of the first time field that parses; an array value is `time{}`, not `time`.
  assert.deepEqual(times('{"time":["1714521600"],"_time":"bad","date":"1714521602"}\n'), [1714521602]);
});

test('probes decline multivalue and nested names, and answer escaped keys', () => {
  const text = '{"Chan\\u006eel":"Security","EventCode":"1","EventCode":"2","a":{"b":"c"},"n":1.50}';
  const event = readJsonEvent(text);
  assert.equal(event.probe(text, 'Channel'), 'Security');
  assert.equal(event.probe(text, 'EventCode'), undefined, 'two values: a multivalue field');
  assert.equal(event.probe(text, 'a.b'), undefined, 'a nested name is not probed');
  assert.equal(event.probe(text, 'a'), null, 'an object gives a.b, not a');
  assert.equal(event.probe(text, 'n'), '1.50', 'number text kept');
  assert.deepEqual(flattenJson(text).get('EventCode'), ['1', '2']);
});

test('a search that rejects JSON events on a top-level field never flattens them, and answers as if it had', async () => {
  const log = [
    '{"Channel":"Microsoft-Windows-Sysmon/Operational","EventCode":"22","QueryName":"api.ipify.org","Computer":"ws1"}',
    '{"Channel":"Microsoft-Windows-Sysmon/Operational","EventCode":"1","Image":"C:\\\\x.exe","Computer":"ws1"}',
    '{"Channel":"Security","EventCode":"4688","Computer":"ws2"}',
  ].join('\n');
  const options = { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'XmlWinEventLog' };
  const lazy = parseLog(log, options).events;
  const outcome = await run('search EventCode=22 | stats count by QueryName host', lazy);
  assert.deepEqual(outcome.table, [{ QueryName: 'api.ipify.org', host: 'ws1', count: '1' }]);
  assert.deepEqual(lazy.map((e) => e.isExtracted), [true, false, false]);
  const eager = await run('search EventCode=22 | stats count by QueryName host', parseLog(log, { ...options, eagerJson: true }).events);
  assert.deepEqual(eager.table, outcome.table);
});
