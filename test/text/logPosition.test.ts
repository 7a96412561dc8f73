// How a place in a log is written (text/logPosition.ts): the CLI, the engine's messages and the VS Code
// client (results view, Test Explorer) all say it this way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEvents, describeLines, describeRecord, describeRecords, fileNameOf } from '../../server/src/text/logPosition';

test('lines of a text log, as the results view and the CLI have always written them', () => {
  assert.equal(describeLines([2]), 'line 2');
  assert.equal(describeLines([2, 5, 6]), 'lines 2, 5, 6');
  assert.equal(describeEvents({ events: [2, 5] }), 'lines 2, 5');
});

test('records of .evtx files: the file named once per run of records, Windows and POSIX paths alike', () => {
  const at = (file: string | undefined, record: number, chunk: number) => ({ ...(file ? { file } : {}), record, chunk, offset: 0 });
  assert.equal(describeRecord(at('/logs/Security.evtx', 1234, 5)), 'Security.evtx record 1234 (chunk 5)');
  assert.equal(describeRecord(at(undefined, 7, 0)), 'record 7 (chunk 0)');
  assert.equal(fileNameOf('C:\\Windows\\System32\\winevt\\Logs\\System.evtx'), 'System.evtx');
  assert.equal(
    describeRecords([at('/c/Security.evtx', 12, 0), at('/c/Security.evtx', 15, 0), at('/c/System.evtx', 3, 0), at('/c/Security.evtx', 20, 1)]),
    'Security.evtx records 12 (chunk 0), 15 (chunk 0); System.evtx record 3 (chunk 0); Security.evtx record 20 (chunk 1)',
  );
  assert.equal(describeEvents({ events: [], records: [at('/c/Security.evtx', 12, 0)] }), 'Security.evtx record 12 (chunk 0)');
});
