// The ground truth of add-on fields: every data_sources/*.yml lists, in `fields`, what Splunk showed
// for its `example_log` event with the add-ons installed. For every example that parses as its
// sourcetype, `search * | table *` on it (the engine's view of a raw event: raw plus add-on fields)
// must hold the listed fields; those no rule can give are named, with the reason, in the reviewed
// list of addonFieldGaps.ts. The corpus' own inconsistencies are recorded here, not worked around.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLog } from '../../server/src/engine/readers/pipeline';
import type { LogFormat } from '../../server/src/engine/readers/types';
import { dataSourcesWithExampleLogs } from '../support/corpusDataSources';
import { run } from './eval/support';
import { CUT_OFF_REASON, GAPS } from './addonFieldGaps';

const sources = dataSourcesWithExampleLogs();

/** What Splunk makes of every event, not an add-on: indexer and eventtype products a local run has no use for. */
const SPLUNK_INTERNAL = /^(host|date_\w+|eventtype|tag|tag::\w+|punct|splunk_server|timestartpos|timeendpos)$/;

/** The format each Windows sourcetype's events have (Splunk Add-on for Microsoft Windows: XmlWinEventLog is renderXml, WinEventLog classic text). */
const WINDOWS_FORMATS: Record<string, LogFormat> = { xmlwineventlog: 'xml', wineventlog: 'text' };

/** Corpus inconsistencies (measured on the snapshot): examples whose format is not their sourcetype's, that do not parse, or that hold no field. */
const INCONSISTENT: Record<string, string> = {
  'github.yml': 'the JSON example is cut off (an unterminated string): no event',
  'pingid.yml': 'sourcetype XmlWinEventLog, but the example is a JSON line',
  'windows_event_log_defender_1129.yml': 'sourcetype xmlwineventlog, but the example is classic WinEventLog text',
  'windows_event_log_remoteconnectionmanager_1149.yml': 'sourcetype wineventlog (classic text), but the example is renderXml XML',
  'windows_event_log_security_4698.yml': 'sourcetype xmlwineventlog, but the example is classic WinEventLog text',
  'windows_event_log_security_4699.yml': 'sourcetype xmlwineventlog, but the example is classic WinEventLog text',
  'windows_event_log_security_4720.yml': 'sourcetype xmlwineventlog, but the example is classic WinEventLog text',
  'windows_event_log_security_4732.yml': 'sourcetype xmlwineventlog, but the example is classic WinEventLog text',
  'windows_event_log_system_4720.yml': 'sourcetype xmlwineventlog, but the example is classic WinEventLog text',
  'windows_event_log_system_4726.yml': 'sourcetype xmlwineventlog, but the example is classic WinEventLog text',
  'windows_event_log_taskscheduler_200.yml': 'sourcetype wineventlog (classic text), but the example is renderXml XML',
  'windows_event_log_printservice_316.yml': 'the classic WinEventLog example is only its first line (the date): no field',
  'windows_event_log_printservice_808.yml': 'the classic WinEventLog example is only its first line (the date): no field',
};

interface Measured {
  file: string;
  listed: string[];
  missing: string[];
  partial: boolean;
  text: string;
}

/** Each consistent data source's listed fields and those `table *` on its example lacks; the inconsistent ones found. */
async function measure(): Promise<{ measured: Measured[]; inconsistent: Record<string, string> }> {
  const measured: Measured[] = [];
  const inconsistent: Record<string, string> = {};
  for (const { file, doc } of sources) {
    const text = doc.example_log as string;
    const { events, stats } = parseLog(text, { source: doc.source, sourcetype: doc.sourcetype, index: 'main' });
    const expected = WINDOWS_FORMATS[String(doc.sourcetype).toLowerCase()];
    // A Windows event always has fields (EventCode, Computer ...): one without any is not a whole event.
    if (events.length !== 1 || (expected !== undefined && (stats.format !== expected || events[0].fields.size === 0))) {
      inconsistent[file] = INCONSISTENT[file] ?? `format ${stats.format}, ${events.length} events`;
      continue;
    }
    const outcome = await run('search * | table *', events, { cim: true });
    assert.equal(outcome.error, undefined, file);
    const has = new Set(Object.keys(outcome.table[0]));
    const listed = [...new Set(doc.fields ?? [])].filter((f) => !SPLUNK_INTERNAL.test(f));
    measured.push({ file, listed, missing: listed.filter((f) => !has.has(f)), partial: stats.eventsPartial > 0, text });
  }
  return { measured, inconsistent };
}

const outcome = measure();

test('the corpus inconsistencies are the recorded ones: no example is left out unexplained', async () => {
  const { measured, inconsistent } = await outcome;
  assert.deepEqual(inconsistent, INCONSISTENT);
  assert.ok(measured.length >= 180, `${measured.length} data sources measured`);
});

test('the engine gives at least 95% of the fields the data sources list for their example events', async () => {
  const { measured } = await outcome;
  const listed = measured.reduce((n, m) => n + m.listed.length, 0);
  const missing = measured.reduce((n, m) => n + m.missing.length, 0);
  const coverage = (listed - missing) / listed;
  if (process.env.SPL_FIELD_REPORT) {
    for (const m of measured) if (m.missing.length > 0) console.log(`${m.file}: ${m.missing.join(' ')}`);
    console.log(`${listed - missing} of ${listed} listed fields (${(coverage * 100).toFixed(1)}%)`);
  }
  assert.ok(coverage >= 0.95, `${listed - missing} of ${listed} listed fields: ${(coverage * 100).toFixed(1)}%`);
});

test('every listed field the engine does not give is in the reviewed list, and every entry there is still missing', async () => {
  const { measured } = await outcome;
  const reviewed = new Map<string, string>();
  for (const gap of GAPS) for (const [file, names] of Object.entries(gap.fields)) for (const name of names) reviewed.set(`${file} ${name}`, gap.reason);
  const unexplained: string[] = [];
  const missing = new Set<string>();
  for (const m of measured) {
    for (const name of m.missing) {
      missing.add(`${m.file} ${name}`);
      const reason = reviewed.get(`${m.file} ${name}`);
      if (reason === undefined) unexplained.push(`${m.file} ${name}`);
      // A cut-off example must be one, and must not hold the field's element.
      if (reason === CUT_OFF_REASON) assert.ok(m.partial && !m.text.includes(`'${name}'`), `${m.file}: ${name} is not cut off`);
    }
  }
  assert.deepEqual(unexplained, [], 'listed fields missing without a reviewed reason');
  assert.deepEqual([...reviewed.keys()].filter((key) => !missing.has(key)), [], 'reviewed gaps the engine now gives: remove them from addonFieldGaps.ts');
});
