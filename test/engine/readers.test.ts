import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseLog } from '../../server/src/engine/readers/pipeline';
import { readLog } from '../../server/src/engine/readers/readLog';
import { requireLiterals } from '../../server/src/engine/readers/filters';
import type { LogEvent } from '../../server/src/engine/event';

const fixtures = resolve(__dirname, '../fixtures/engine');
const fixture = (name: string): Buffer => readFileSync(resolve(fixtures, name));

/** The event's `_raw` must be exactly the file's bytes in its byte range (CR before LF excepted). */
function assertRawMatchesBytes(bytes: Buffer, event: LogEvent): void {
  const slice = bytes.toString('utf8', event.byteStart, event.byteEnd).replace(/\r\n/g, '\n');
  assert.equal(event.raw, slice, `line ${event.line}: raw differs from bytes ${event.byteStart}-${event.byteEnd}`);
}

test('XmlWinEventLog lines: system fields, EventCode, every Data field, entities, quoting variants', () => {
  const bytes = fixture('xmlwineventlog.log');
  const { events, stats } = parseLog(bytes, { source: 'XmlWinEventLog:Security', sourcetype: 'XmlWinEventLog', index: 'main' });
  assert.equal(stats.format, 'xml');
  assert.deepEqual([stats.eventsRead, stats.eventsUnparsed, stats.eventsPartial, stats.linesRead], [3, 0, 0, 3]);
  const [security, sysmon, cleared] = events;
  for (const e of events) assertRawMatchesBytes(bytes, e);

  const f = security.fields;
  assert.equal(f.get('EventID'), '4688');
  assert.equal(f.get('EventCode'), '4688');
  assert.equal(f.get('Name'), 'Microsoft-Windows-Security-Auditing', 'Provider Name attribute');
  assert.equal(f.get('Guid'), '{54849625-5478-4994-A5BA-3E3B0328C30D}');
  assert.equal(f.get('Computer'), 'ar-win-1.attackrange.local');
  assert.equal(f.get('Channel'), 'Security');
  assert.equal(f.get('EventRecordID'), '31337');
  assert.equal(f.get('Keywords'), '0x8020000000000000');
  assert.equal(f.get('Task'), '13312');
  assert.equal(f.get('ProcessID'), '4');
  assert.equal(f.get('ThreadID'), '8');
  assert.equal(f.get('SystemTime'), '2024-04-23T08:48:30.4497340Z');
  assert.equal(f.get('NewProcessName'), 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(f.get('CommandLine'), `cmd.exe /c "echo a & echo b <c> "q" 's' ® ®"`, 'named and numeric entities decoded');
  assert.equal(f.has('Empty'), false, 'empty <Data> gives no field');
  assert.equal(f.has('Gone'), false, 'self-closing <Data/> gives no field');
  assert.equal(f.get('Detection_Time'), 'x', 'CLEAN_KEYS: a space in a Data Name becomes _');
  assert.equal(security.time, Date.UTC(2024, 3, 23, 8, 48, 30) / 1000 + 0.449734);
  assert.equal(security.host, 'ar-win-1.attackrange.local', 'host defaults to Computer');
  assert.deepEqual([security.get('source'), security.get('sourcetype'), security.get('index')], ['XmlWinEventLog:Security', 'XmlWinEventLog', 'main']);

  assert.equal(sysmon.fields.get('EventID'), '1', 'double-quoted attributes and <EventID Qualifiers="">');
  assert.equal(sysmon.fields.has('Qualifiers'), false);
  assert.equal(sysmon.time, Date.UTC(2020, 9, 8, 11, 3, 46) / 1000 + 0.617, 'space-separated SystemTime');
  assert.equal(sysmon.fields.get('Image'), 'C:\\Users\\Jürgen\\Desktop\\café.exe');
  assert.equal(sysmon.fields.get('CommandLine'), 'café.exe —flag ✓');
  assert.equal(sysmon.host, 'wïn-dç.example');

  assert.equal(cleared.fields.get('Qualifiers'), '16384');
  assert.equal(cleared.fields.get('SubjectUserName'), 'Administrator', 'UserData leaves become fields');
  assert.match(String(cleared.fields.get('UserData_Xml')), /^<LogFileCleared /);
  assert.match(String(cleared.fields.get('LogFileCleared_Xml')), /^<SubjectUserName>/);
});

test('a BOM and CRLF line ends give the same events, with byte ranges past the BOM', () => {
  const plain = parseLog(fixture('xmlwineventlog.log')).events;
  const bytes = fixture('xmlwineventlog-bom-crlf.log');
  const { events, stats } = parseLog(bytes);
  assert.equal(stats.format, 'xml');
  assert.deepEqual(events.map((e) => e.raw), plain.map((e) => e.raw));
  assert.deepEqual(events.map((e) => [...e.fields]), plain.map((e) => [...e.fields]));
  assert.equal(events[0].byteStart, 3);
  assert.equal(events[1].byteStart, plain[1].byteStart + 3 + 1, 'BOM + one CR before');
  for (const e of events) assertRawMatchesBytes(bytes, e);
});

test('multi-line XML in <Events>: events spanning lines, two on a line, garbage and a cut-off event reported', () => {
  const bytes = fixture('multiline-events.xml');
  const { events, stats } = parseLog(bytes);
  assert.deepEqual(events.map((e) => [e.fields.get('EventID'), e.line, e.endLine]), [
    ['3', 3, 16],
    ['5', 17, 17],
    ['6', 17, 17],
    ['7', 19, 19],
    ['8', 20, 20],
  ]);
  for (const e of events) assertRawMatchesBytes(bytes, e);
  assert.equal(events[0].fields.get('DestinationIp'), '203.0.113.7');
  assert.match(events[0].raw, /^<Event xmlns="[^"]+">\n {2}<System>/);
  assert.equal(stats.eventsUnparsed, 1);
  assert.equal(stats.eventsPartial, 1);
  assert.deepEqual(stats.problems.map((p) => p.line), [18, 19]);
  assert.match(stats.problems[0].reason, /outside an <Event>/);
  assert.match(stats.problems[1].reason, /truncated XML event.*line 19/);
});

test('JSON lines: spath naming, exact number text, multivalue arrays, bad lines reported by line', () => {
  const bytes = fixture('events.jsonl');
  const { events, stats } = parseLog(bytes);
  assert.equal(stats.format, 'json');
  assert.equal(stats.eventsRead, 3);
  assert.equal(stats.eventsUnparsed, 2);
  assert.deepEqual(stats.problems.map((p) => p.line), [4, 5]);
  const f = events[0].fields;
  assert.equal(f.get('http.url'), '/a?b=1');
  assert.equal(f.get('http.status'), '200');
  assert.equal(f.get('http.length'), '1234.50', 'numbers keep their text');
  assert.equal(f.get('big'), '7081856864553612091', 'no float rounding');
  assert.deepEqual(f.get('tags{}'), ['a', 'b']);
  assert.deepEqual(f.get('answers{}.rdata'), ['1.2.3.4', '5.6.7.8']);
  assert.deepEqual(f.get('nested{}{}'), ['1', '2', '3']);
  assert.equal(f.get('flag'), 'true');
  assert.equal(f.get('none'), 'null');
  assert.equal(f.has('empty'), false);
  assert.equal(f.has('list'), false);
  assert.equal(f.get('esc'), 'line\nbreak "quoted" é');
  assert.equal(events[0].time, Date.UTC(2023, 9, 17, 1, 24, 52) / 1000 + 0.149, '_time');
  assert.equal(events[1].time, 1713805173.418, 'epoch milliseconds in timestamp');
  assert.equal(events[2].time, Date.UTC(2021, 0, 22, 3, 44, 16) / 1000, 'CloudTrail eventTime');
  assert.equal(events[2].fields.get('userIdentity.userName'), 'bob');
  for (const e of events) assertRawMatchesBytes(bytes, e);
});

test('CSV export: _raw extracted by its own format, columns override, metadata per row, multi-line cells', () => {
  const bytes = fixture('export.csv');
  const { events, stats } = parseLog(bytes, { source: 'default-source', sourcetype: 'default' });
  assert.equal(stats.format, 'csv');
  assert.equal(events.length, 2);
  const [sysmon, text] = events;
  assert.deepEqual([sysmon.line, sysmon.endLine], [2, 3]);
  assert.match(sysmon.raw, /^<Event /);
  assert.equal(sysmon.fields.get('Image'), 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(sysmon.fields.get('CommandLine'), 'cmd.exe /c "dir"');
  assert.deepEqual(sysmon.fields.get('Tags'), ['alpha', 'beta']);
  assert.equal(sysmon.fields.has('_cd'), false, 'Splunk internal columns skipped');
  assert.equal(sysmon.source, 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational');
  assert.equal(sysmon.host, 'win-dc');
  assert.equal(sysmon.time, Date.UTC(2020, 9, 8, 11, 3, 46) / 1000 + 0.617);
  assert.equal(text.fields.get('user'), 'bob');
  assert.equal(text.fields.get('action'), 'log on');
  assert.equal(text.time, 1602155100);
  assert.equal(stats.eventsUnparsed, 1);
  assert.deepEqual(stats.problems, [{ line: 5, reason: 'CSV record has 3 cells, the header has 9' }]);
});

test('plain text: key=value pairs, timestamps found in the line or carried from the previous event', () => {
  const { events, stats } = parseLog(fixture('text.log'));
  assert.equal(stats.format, 'text');
  assert.deepEqual(events.map((e) => e.line), [1, 3, 4]);
  assert.equal(events[0].fields.get('a1'), 'LD_PRELOAD=./myfopen.so');
  assert.equal(events[0].fields.get('a2'), './prog');
  assert.equal(events[0].time, 1723044684.257, 'audit(epoch:serial)');
  assert.equal(events[1].fields.get('OPERATION'), 'adduser');
  assert.equal(events[1].time, Date.UTC(2024, 7, 19, 19, 41, 22) / 1000);
  assert.equal(events[2].time, events[1].time, 'no timestamp: the previous event\'s');
});

test('classic WinEventLog text: one event per timestamp line, header and message fields', () => {
  const bytes = fixture('classic-wineventlog.log');
  const { events } = parseLog(bytes, { source: 'WinEventLog:Security', sourcetype: 'WinEventLog' });
  assert.deepEqual(events.map((e) => [e.line, e.endLine, e.fields.get('EventCode')]), [
    [1, 12, '4720'],
    [13, 16, '4726'],
  ]);
  assert.deepEqual(events[0].fields.get('Account_Name'), ['Administrator', 'svc_backdoor']);
  assert.equal(events[0].fields.get('ComputerName'), 'win-dc.attackrange.local');
  assert.equal(events[0].time, Date.UTC(2020, 9, 9, 10, 41, 26) / 1000);
  for (const e of events) assertRawMatchesBytes(bytes, e);
});

test('detection reads content, not the file name; an explicit format wins', () => {
  assert.equal(parseLog('{"a":1}\n').stats.format, 'json');
  assert.equal(parseLog('\n\n  <Event><System><EventID>1</EventID></System></Event>\n').stats.format, 'xml');
  assert.equal(parseLog('_time,host\n1,a\n').stats.format, 'csv');
  assert.equal(parseLog('May 27 09:28:36 host sshd[1]: Accepted password\n').stats.format, 'text');
  assert.equal(parseLog('{"a":1}\n', { format: 'text' }).events[0].fields.size, 0);
  // UTF-16 is decoded (test/engine/utf16.test.ts): a lone `<` is one unreadable line, not an encoding refusal.
  const utf16 = parseLog(Buffer.from([0xff, 0xfe, 0x3c, 0x00]));
  assert.equal(utf16.events.length, 0);
  assert.deepEqual(utf16.stats.problems, [{ line: 1, reason: 'text outside an <Event> element: "<"' }]);
});

test('lineFilter runs before extraction; requireLiterals is case-insensitive and knows XML entities', async () => {
  const filter = requireLiterals([['MSIEXEC.EXE'], ['/Y']])!;
  const reader = readLog(resolve(__dirname, '../../samples/logs/msiexec_sysmon.log'), { lineFilter: filter });
  const events: LogEvent[] = [];
  for await (const event of reader) events.push(event);
  assert.deepEqual(events.map((e) => e.line), [1, 2, 5]);
  assert.ok(events.every((e) => !e.isExtracted), 'kept events are not extracted until asked');
  assert.equal(reader.stats.eventsFiltered, 8);
  assert.equal(reader.stats.eventsRead, 3);
  assert.equal(requireLiterals([['a & b']])!('x a &amp; b y'), true);
  assert.equal(requireLiterals([['']]), undefined);
  assert.equal(requireLiterals([]), undefined);
  // A clause is met by any one of its literals; every clause must be met.
  const either = requireLiterals([['MSIEXEC.EXE'], ['/Y', '-Y']])!;
  const eitherReader = readLog(resolve(__dirname, '../../samples/logs/msiexec_sysmon.log'), { lineFilter: either });
  const kept: number[] = [];
  for await (const event of eitherReader) kept.push(event.line);
  assert.deepEqual(kept, [1, 2, 5, 6], 'line 6 has -y, line 9 has /y but no msiexec.exe');
  assert.equal(requireLiterals([['a.c', 'x|y']])!('A.C'), true);
  assert.equal(requireLiterals([['a.c', 'x|y']])!('abc x y'), false, 'literals are not patterns');
});
