// runDetection on the real .evtx files of ../shared/evtx against the same search on an XmlWinEventLog
// text log written from the same records (one event a line): the same rows
// and the same events, an event of the .evtx file named by its record where the text log has its
// line. And the records of events a subsearch read past where the search's own reading stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDetection, type DetectionRun } from '../../../server/src/engine/eval/runDetection';
import { parseEvtx } from '../../../server/src/engine/readers/evtx/reader';
import type { EvtxEvent } from '../../../server/src/engine/readers/evtx/chunk';
import { extractWindowsXml } from '../../../server/src/engine/readers/winXml';
import { Project } from '../../../server/src/workspace/project';
import { evtxSamples, evtxSample } from '../../support/evtxSamples';

const SEARCHES = {
  groups: 'index=main | stats count min(_time) as first by EventCode Channel host source sourcetype',
  events: 'index=main | table _time EventCode EventRecordID Computer Level source sourcetype host',
};

interface Workspace {
  dir: string;
  project: Project;
  spl: Record<keyof typeof SEARCHES, string>;
}

function workspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'evtx-runs-'));
  const spl = {} as Workspace['spl'];
  for (const [name, search] of Object.entries(SEARCHES)) {
    spl[name as keyof typeof SEARCHES] = join(dir, `${name}.spl`);
    writeFileSync(spl[name as keyof typeof SEARCHES], search + '\n');
  }
  return { dir, project: Project.load([dir]), spl };
}

/**
 * The records as a text log, one event a line: a line break inside a value written as a character
 * reference (`&#10;`), which the XML reader decodes back; with it raw, a text log of one event
 * holding a multi-line value would be voted plain text (readers/detect.ts).
 */
function asTextLog(events: EvtxEvent[]): { text: string; lineOf: Map<number, number> } {
  const lineOf = new Map<number, number>(events.map((event, i) => [event.offset, i + 1]));
  return { text: events.map((event) => event.xml.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;')).join('\n') + '\n', lineOf };
}

/** Rows with the lines of their events: for the .evtx run, each record's line in the text log. */
function rowsOf(run: DetectionRun, lineOf?: Map<number, number>) {
  assert.equal(run.ok, true, run.problems.map((p) => p.message).join('; '));
  return run.results.map((result) => {
    if (!lineOf) {
      assert.equal(result.records, undefined);
      return { fields: result.fields, lines: result.events };
    }
    assert.deepEqual(result.events, []);
    return { fields: result.fields, lines: result.records!.map((r) => lineOf.get(r.offset)!) };
  });
}

for (const sample of evtxSamples()) {
  test(`${sample.name}: each search gives the rows and events it gives on the same records as an XmlWinEventLog text log`, async () => {
    const ws = workspace();
    try {
      const records = parseEvtx(readFileSync(sample.path)).items.filter((item): item is EvtxEvent => item.kind === 'event');
      const channels = [...new Set(records.map((r) => [extractWindowsXml(r.xml).get('Channel') ?? []].flat()[0]))];
      assert.equal(channels.length, 1, `${sample.name} holds one channel`);
      const { text, lineOf } = asTextLog(records);
      const textLog = join(ws.dir, `${sample.name}.log`);
      writeFileSync(textLog, text);
      for (const path of Object.values(ws.spl)) {
        const fromEvtx = await runDetection({ project: ws.project, path, log: sample.path });
        // Given by hand for the text log: what the .evtx file's records say of themselves.
        const fromText = await runDetection({ project: ws.project, path, log: textLog, metadata: { source: `XmlWinEventLog:${channels[0]}`, sourcetype: 'XmlWinEventLog' } });
        assert.equal(fromEvtx.stats.logFormat, 'evtx');
        assert.equal(fromText.stats.logFormat, 'xml');
        assert.equal(fromEvtx.stats.eventsRead, sample.events);
        assert.equal(fromText.stats.eventsRead, sample.events);
        assert.deepEqual(fromEvtx.problems, []);
        assert.deepEqual(rowsOf(fromEvtx, lineOf), rowsOf(fromText), `${sample.name}: ${path}`);
        assert.ok(fromEvtx.results.length > 0);
      }
    } finally {
      rmSync(ws.dir, { recursive: true, force: true });
    }
  });
}

test('a subsearch reading past where the search stopped reading names its events\' records too', async () => {
  const ws = workspace();
  try {
    const spl = join(ws.dir, 'append.spl');
    writeFileSync(spl, 'EventCode=4672 | head 1 | append [search EventCode=4624 LogonType=7 | head 1] | table EventCode LogonType\n');
    const project = Project.load([ws.dir]);
    const run = await runDetection({ project, path: spl, log: evtxSample('security.evtx').path });
    assert.equal(run.ok, true, run.problems.map((p) => p.message).join('; '));
    const records = parseEvtx(readFileSync(evtxSample('security.evtx').path)).items.filter((item): item is EvtxEvent => item.kind === 'event');
    const first4672 = records.find((r) => r.xml.includes('<EventID>4672</EventID>'))!;
    const first4624type7 = records.find((r) => r.xml.includes('<EventID>4624</EventID>') && r.xml.includes("<Data Name='LogonType'>7</Data>"))!;
    assert.ok(first4624type7.chunk > first4672.chunk, 'the subsearch reads chunks the search itself never reached');
    assert.deepEqual(
      run.results.map((r) => [r.fields.EventCode, r.records]),
      [first4672, first4624type7].map((r) => [extractWindowsXml(r.xml).get('EventCode'), [{ file: evtxSample('security.evtx').path, record: r.record, chunk: r.chunk, offset: r.offset }]]),
    );
  } finally {
    rmSync(ws.dir, { recursive: true, force: true });
  }
});

test('a folder with no .evtx file is refused with a reason, before any search runs', async () => {
  const ws = workspace();
  try {
    const run = await runDetection({ project: ws.project, path: ws.spl.groups, log: ws.dir });
    assert.equal(run.ok, false);
    assert.deepEqual(run.problems.map((p) => [p.code, p.message]), [['RUN007', `cannot read the log: the log: ${ws.dir} is a folder without .evtx files: a folder is read as the .evtx files in it`]]);
  } finally {
    rmSync(ws.dir, { recursive: true, force: true });
  }
});
