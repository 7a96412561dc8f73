// A first stage over a data model dataset (tstats, from datamodel) has the dataset's membership as
// its gate (engine/eval/eventGates.ts): a hunt gives an event only to the searches whose gates it
// passes, so the gate must pass every event the search reads from and, to be worth testing, no other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { CimEngineProvider } from '../../../server/src/engine/eval/cimView';
import { Row } from '../../../server/src/engine/eval/row';
import { prepareSearch } from '../../../server/src/engine/eval/runSearch';
import type { LogEvent } from '../../../server/src/engine/event';
import { readLog } from '../../../server/src/engine/readers/readLog';
import { parseTestSpl, run } from './support';

const SAMPLE = resolve(__dirname, '../../../samples/logs/msiexec_sysmon.log');
const SYSMON = { sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational' };

async function sampleEvents(): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  for await (const event of readLog(SAMPLE, SYSMON)) events.push(event);
  return events;
}

for (const [command, spl] of [
  ['from datamodel', '| from datamodel Endpoint.Processes'],
  ['tstats', '| tstats count from datamodel=Endpoint.Processes by _time Processes.process_guid'],
] as const) {
  test(`${command}: the gate is the dataset's membership, passing exactly the events the search reads`, async () => {
    const events = await sampleEvents();
    const cim = new CimEngineProvider();
    const { stages } = prepareSearch({ text: spl, ast: parseTestSpl(spl), cim });
    const gates = stages[0].stage.gates ?? [];
    assert.deepEqual(gates.map((g) => g.key), ['dataset:Endpoint.Processes']);
    const passing = events.filter((event) => gates[0].test(Row.fromEvent(event))).map((e) => e.line);
    const outcome = await run(spl, events, { cim: true });
    assert.equal(outcome.error, undefined);
    const read = [...new Set(outcome.lines.flat())].sort((a, b) => a - b);
    assert.deepEqual(passing, read);
    assert.ok(read.length > 0 && read.length < events.length, `${read.length} of ${events.length} sample events are process events`);
  });
}
