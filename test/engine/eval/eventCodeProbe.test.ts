// The search stage reads EventCode/EventID/Channel of an unextracted Windows XML event with a probe
// (readers/winXmlProbe.ts). The probe must never change an answer: every search here
// runs twice, over fresh events (probe on) and over the same events already extracted (probe off).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLog } from '../../../server/src/engine/readers/pipeline';
import type { LogEvent } from '../../../server/src/engine/event';
import { run } from './support';

function xmlEvent(system: string, data = ''): string {
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/>${system}<Computer>ws1.example.com</Computer></System><EventData>${data}</EventData></Event>`;
}

const SYSMON = '<Channel>Microsoft-Windows-Sysmon/Operational</Channel>';

// Plain events the probe answers, and shapes where it must decline (and extraction decides).
const LOG = [
  xmlEvent(`<EventID>22</EventID>${SYSMON}`, "<Data Name='QueryName'>api.ipify.org</Data>"), // 1: probed
  xmlEvent(`<EventID>1</EventID>${SYSMON}`, "<Data Name='Image'>C:\\x.exe</Data>"), // 2: probed
  xmlEvent(`<EventID Qualifiers='0'>20</EventID>${SYSMON}`, "<Data Name='Destination'>cmd</Data>"), // 3: attributes
  xmlEvent(`<EventID>22</EventID>${SYSMON}`, "<Data Name='EventCode'>1</Data>"), // 4: EventCode multivalue
  xmlEvent(`<EventID>&#50;2</EventID><Channel>Security</Channel>`), // 5: character reference
  xmlEvent(SYSMON, "<Data Name='EventID'>22</Data>"), // 6: EventID only in EventData, no EventCode
  xmlEvent(`<EventID>2</EventID>${SYSMON}`, "<Data Name='Channel'>other</Data>"), // 7: Channel multivalue
  xmlEvent(`<EventID></EventID><Channel>Security</Channel>`), // 8: empty EventID
  xmlEvent(`<EventID> 21 </EventID><Channel>SECURITY</Channel>`), // 9: spaces kept by extraction
  xmlEvent(`<Channel>Application</Channel>`), // 10: no EventID
].join('\n') + '\n';

function freshEvents(): LogEvent[] {
  return parseLog(LOG, { sourcetype: 'XmlWinEventLog', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational' }).events;
}

function extractedEvents(): LogEvent[] {
  const events = freshEvents();
  for (const event of events) void event.fields;
  return events;
}

const SEARCHES = [
  'search EventCode=22',
  'search source="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" EventCode=22 QueryName IN ("*ipify*") | stats count by Computer QueryName',
  'search NOT EventCode=22',
  'search EventCode!=1',
  'search EventCode IN (1, 2*, 20)',
  'search EventID=2*',
  'search EventCode="21"',
  'search EventCode=" 21 "',
  'search EventCode<5',
  'search EventCode=* NOT Channel=security',
  'search Channel="*sysmon*" OR EventID=20',
  'search Channel=other',
  'search (EventCode=1 OR NOT Channel=*) sourcetype=xmlwineventlog',
  'search Even*=22',
  'search EventCode=22 | eval code=EventCode | table code EventID Channel',
];

test('probed and extracted events give the same rows and explain counts', async () => {
  for (const spl of SEARCHES) {
    for (const explain of [false, true]) {
      const probed = await run(spl, freshEvents(), { explain });
      const extracted = await run(spl, extractedEvents(), { explain });
      assert.equal(probed.error, undefined, spl);
      assert.deepEqual(probed.table, extracted.table, `rows of ${spl}`);
      assert.deepEqual(probed.lines, extracted.lines, `lines of ${spl}`);
      assert.deepEqual(probed.predicates, extracted.predicates, `predicate counts of ${spl}`);
      assert.deepEqual(probed.stages, extracted.stages, `stage counts of ${spl}`);
    }
  }
  // The expected answers themselves, so that both runs being wrong the same way fails too.
  assert.deepEqual((await run('search EventCode=22', freshEvents())).lines.flat(), [1, 4, 5]);
  assert.deepEqual((await run('search EventCode IN (1, 2*, 20)', freshEvents())).lines.flat(), [1, 2, 3, 4, 5, 7]);
  assert.deepEqual((await run('search Channel=other', freshEvents())).lines.flat(), [7]);
  assert.deepEqual((await run('search NOT EventCode=*', freshEvents())).lines.flat(), [6, 8, 10]);
});

test('events an EventCode test rejects are never extracted', async () => {
  const events = freshEvents();
  const outcome = await run('search source="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" EventCode=22 QueryName=*ipify*', events);
  assert.deepEqual(outcome.lines, [[1]]);
  // Lines 2, 3, 7 and 9 fail on the probe alone; the others need extraction to be sure.
  assert.deepEqual(events.filter((e) => !e.isExtracted).map((e) => e.line), [2, 3, 7, 9]);
});
