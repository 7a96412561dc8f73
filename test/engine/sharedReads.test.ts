// Readers that start together share one read of the log (engine/readers/sharedReads.ts): each gets
// every event a reader of its own gets, in order; one that stops early does not hold the others; one
// that starts later gets a read of its own; a failed read fails each reader; a cancelled one ends each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { generateLogs } from '../../bench/generate';
import { corpusPath } from '../../scripts/corpus/locate.mjs';
import { tmpdir } from 'node:os';
import type { LogEvent } from '../../server/src/engine/event';
import { readLog } from '../../server/src/engine/readers/readLog';
import { SharedReads } from '../../server/src/engine/readers/sharedReads';
import { requireLiterals } from '../../server/src/engine/readers/filters';
import { EventRouter } from '../../server/src/hunt/router';
import { SharedGates } from '../../server/src/hunt/gates';
import { CimEngineProvider } from '../../server/src/engine/eval/cimView';
import { datasetGate } from '../../server/src/engine/eval/eventGates';
import type { EventGate } from '../../server/src/engine/eval/commands/types';

const SYSMON = { sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational' };

async function lines(events: AsyncIterable<LogEvent>, stopAfter = Infinity): Promise<number[]> {
  const seen: number[] = [];
  for await (const event of events) {
    seen.push(event.line);
    if (seen.length >= stopAfter) break;
  }
  return seen;
}

/** The same, taken a batch at a time (as a subsearch takes them). */
async function batchLines(batches: AsyncIterable<LogEvent[]>): Promise<number[]> {
  const seen: number[] = [];
  for await (const batch of batches) {
    assert.ok(batch.length > 0, 'no empty batch is handed out');
    for (const event of batch) seen.push(event.line);
  }
  return seen;
}

async function generated(): Promise<string> {
  const logs = await generateLogs({ seed: 3, megabytes: 1, hitRate: 0.01, nearMissRate: 0.01, dataSourcesDir: join(corpusPath('security_content'), 'data_sources'), cacheDir: join(tmpdir(), 'spl-detect-shared-reads-test') });
  return logs.xml;
}

test('readers that start together share one read and each gets every event, in order; one that stops early holds no one', async () => {
  const log = await generated();
  const alone = await lines(readLog(log, SYSMON));
  assert.ok(alone.length > 500, `${alone.length} events`);
  let batches = 0;
  const shared = new SharedReads(async function* () {
    for await (const batch of readLog(log, SYSMON).batches()) {
      batches++;
      yield batch;
    }
  });
  const [a, b, early, c, d] = await Promise.all([lines(shared.events()), lines(shared.events()), lines(shared.events(), 3), lines(shared.events()), batchLines(shared.events().batches())]);
  assert.deepEqual(a, alone);
  assert.deepEqual(b, alone);
  assert.deepEqual(c, alone);
  assert.deepEqual(d, alone);
  assert.deepEqual(early, alone.slice(0, 3));
  assert.equal(shared.reads, 1);
  assert.ok(batches > 1, `${batches} batches: the test must cross a batch boundary`);
  // A reader that asks after the read started gets a read of its own.
  assert.deepEqual(await lines(shared.events()), alone);
  assert.equal(shared.reads, 2);
});

test('with a router, a reader that names its requirement gets exactly the events that meet it, in order; one that names none gets all', async () => {
  const log = await generated();
  const events: LogEvent[] = [];
  for await (const event of readLog(log, SYSMON)) events.push(event);
  const requirements = [[['msiexec']], [], [['powershell', 'cmd.exe'], ['system32']], [['no such literal anywhere']]];
  const expected = requirements.map((r) => {
    const filter = requireLiterals(r);
    return events.filter((e) => !filter || filter(e.raw)).map((e) => e.line);
  });
  assert.ok(expected[0].length > 0 && expected[0].length < events.length / 2, `${expected[0].length} of ${events.length} events hold msiexec`);
  assert.ok(expected[2].length > 0 && expected[2].length < events.length, `${expected[2].length} hold the third requirement`);
  let routers = 0;
  let batches = 0;
  const shared = new SharedReads(() => readLog(log, SYSMON).batches(), {
    routerFor: (given) => {
      routers++;
      return new EventRouter(given);
    },
    afterBatch: () => batches++,
  });
  const got = await Promise.all([...requirements.map((r) => lines(shared.events(r))), ...requirements.map((r) => batchLines(shared.events(r).batches()))]);
  assert.deepEqual(got, [...expected, ...expected]);
  assert.equal(shared.reads, 1);
  assert.equal(routers, 1);
  // Told after each batch every reader took (the owner reports progress then).
  let alone = 0;
  for await (const _batch of readLog(log, SYSMON).batches()) alone++;
  assert.equal(batches, alone);
});

test('with gates, a reader that names gates gets exactly the events that pass them (and its requirement), in order; each gate tested once per event', async () => {
  const log = await generated();
  const events: LogEvent[] = [];
  for await (const event of readLog(log, SYSMON)) events.push(event);
  const cim = new CimEngineProvider();
  let tests = 0;
  const counted = (gate: EventGate): EventGate => ({ ...gate, test: (row) => (tests++, gate.test(row)) });
  const processes = counted(datasetGate(cim.dataset('Endpoint.Processes')));
  const registry = counted(datasetGate(cim.dataset('Endpoint.Registry')));
  const readers: Array<{ requirement: string[][]; gates: EventGate[] }> = [
    { requirement: [], gates: [processes] },
    { requirement: [], gates: [] },
    { requirement: [['cmd.exe']], gates: [processes] },
    { requirement: [], gates: [registry] },
    { requirement: [], gates: [processes, registry] },
  ];
  // What a reader of its own keeps: the lines that hold its literals, then the events its gates pass.
  const inDataset = (view: string) => (e: LogEvent) => cim.dataset(view).bind(e) !== undefined;
  const expected = [
    events.filter(inDataset('Endpoint.Processes')),
    events,
    events.filter((e) => /cmd\.exe/i.test(e.raw)).filter(inDataset('Endpoint.Processes')),
    events.filter(inDataset('Endpoint.Registry')),
    [],
  ].map((kept) => kept.map((e) => e.line));
  assert.ok(expected[0].length > 0 && expected[0].length < events.length, `${expected[0].length} of ${events.length} events are processes`);
  assert.ok(expected[3].length > 0 && expected[2].length > 0, `${expected[3].length} registry events, ${expected[2].length} cmd.exe processes`);
  const shared = new SharedReads<EventGate>(() => readLog(log, SYSMON).batches(), {
    routerFor: (given) => new EventRouter(given),
    gatesFor: (perReader) => new SharedGates(perReader, cim),
  });
  const got = await Promise.all(readers.map((r) => batchLines(shared.events(r.requirement, r.gates).batches())));
  assert.deepEqual(got, expected);
  assert.equal(shared.reads, 1);
  // Two distinct gates, each at most once per event (a set fails at its first failing gate).
  assert.ok(tests <= 2 * events.length, `${tests} gate tests for ${events.length} events`);
});

test('a read that fails fails every reader of it; a cancelled read ends every reader quietly', async () => {
  const missing = resolve(tmpdir(), 'spl-detect-no-such-log.log');
  const failing = new SharedReads(() => readLog(missing, SYSMON).batches());
  const outcomes = await Promise.allSettled([lines(failing.events()), lines(failing.events())]);
  for (const outcome of outcomes) {
    assert.equal(outcome.status, 'rejected');
    assert.match(String((outcome as PromiseRejectedResult).reason), /no-such-log/);
  }
  const log = await generated();
  const abort = new AbortController();
  const cancelled = new SharedReads(() => readLog(log, { ...SYSMON, signal: abort.signal }).batches(), { signal: abort.signal });
  const counting = (async () => {
    let n = 0;
    for await (const _ of cancelled.events()) if (++n === 10) abort.abort();
    return n;
  })();
  const [stoppedAt, other] = await Promise.all([counting, lines(cancelled.events())]);
  assert.equal(stoppedAt, 10);
  assert.ok(other.length < 20, `the other reader read ${other.length} events after the cancel`);
});
