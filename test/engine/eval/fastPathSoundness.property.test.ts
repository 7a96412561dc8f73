// The fast path may only skip lines no matching event can come from: for random searches (terms,
// field=value with wildcards, IN, NOT, AND, OR) over random events, every event the search keeps
// passes the line filter built from the search's required literals and words. Checked for a plain `search`
// over JSON events and for `tstats` over the Endpoint.Processes data model on Sysmon XML events
// (where the literal must also survive the add-on mapping and the data model's calculations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { requiredLiterals, requiredWords } from '../../../server/src/engine/eval/fastPath';
import { CimEngineProvider } from '../../../server/src/engine/eval/cimView';
import { requireLiterals } from '../../../server/src/engine/readers/filters';
import { parseLog } from '../../../server/src/engine/readers/pipeline';
import type { LogEvent } from '../../../server/src/engine/event';
import { parseTestSpl, run } from './support';

const cim = new CimEngineProvider();

/** Words the values and patterns are made of: overlapping ones (shell.exe / powershell.exe) on purpose. */
// Short ones ('7z', '20', '2') give word requirements (fastPath.ts requiredWords).
const WORDS = ['cmd.exe', 'powershell.exe', 'shell.exe', 'pwsh.exe', 'whoami', 'bypass', '-ex', 'abc', 'abcd', 'x-y', 'c:', 'system32', '7z', '20', '2'];
const word = fc.constantFrom(...WORDS);
const separator = fc.constantFrom(' ', '\\', '/', '"', '', ' -', '=');

/** A value: a few words and separators, in random case. */
const value = fc
  .array(fc.tuple(word, separator), { minLength: 0, maxLength: 3 })
  .chain((parts) => fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }).map((upper) => ({ parts, upper })))
  .map(({ parts, upper }) => [...parts.map(([w, s]) => w + s).join('')].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch)).join(''));

/** A pattern as written in a search: a word, maybe with `*` on either side. */
const pattern = fc.tuple(fc.boolean(), word, fc.boolean()).map(([before, w, after]) => `${before ? '*' : ''}${w}${after ? '*' : ''}`);

function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A random search expression over `fields`. */
function expression(fields: string[], bareTerms: boolean): fc.Arbitrary<string> {
  const field = fc.constantFrom(...fields);
  const leaf = fc.oneof(
    fc.tuple(field, pattern).map(([f, p]) => `${f}=${quoted(p)}`),
    fc.tuple(field, fc.array(pattern, { minLength: 1, maxLength: 4 })).map(([f, ps]) => `${f} IN (${ps.map(quoted).join(', ')})`),
    fc.tuple(field, pattern).map(([f, p]) => `${f}!=${quoted(p)}`),
    ...(bareTerms ? [pattern.map(quoted)] : []),
  );
  const { tree } = fc.letrec<{ tree: string }>((self) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(self('tree'), { minLength: 2, maxLength: 3 }).map((parts) => `(${parts.join(' ')})`),
      fc.array(self('tree'), { minLength: 2, maxLength: 3 }).map((parts) => `(${parts.join(' OR ')})`),
      self('tree').map((t) => `NOT ${t}`),
    ),
  }));
  return tree;
}

/** Half the time a top-level test of a value too short for a literal (`User=20`, `Image IN (2, 7z)`), which requires a word. */
function shortTest(fields: string[]): fc.Arbitrary<string> {
  const short = fc.constantFrom('20', '2', '7z', '7Z');
  return fc.oneof(
    fc.constant(''),
    fc.tuple(fc.constantFrom(...fields), short).map(([f, v]) => `${f}=${v} `),
    fc.tuple(fc.constantFrom(...fields), fc.array(short, { minLength: 1, maxLength: 3 })).map(([f, vs]) => `${f} IN (${vs.join(', ')}) `),
  );
}

/** Events kept by searches and lines skipped by their filters, over all runs of one property. */
interface FilterCounts {
  kept: number;
  filtered: number;
  /** Searches that required whole words. */
  withWords?: number;
}

/** Runs `spl` on `events` and asserts that every event it keeps passes its fast-path filter; counts both. */
async function checkFilterKeepsMatches(spl: string, events: LogEvent[], withCim: boolean, counts: FilterCounts): Promise<void> {
  const first = parseTestSpl(spl).stages[0];
  const clauses = requiredLiterals(first, withCim ? cim : undefined);
  const words = requiredWords(first, withCim ? cim : undefined);
  if (words.length > 0) counts.withWords = (counts.withWords ?? 0) + 1;
  const filter = requireLiterals(clauses, words);
  const outcome = await run(spl, events, { cim: withCim });
  assert.equal(outcome.error, undefined, spl);
  for (const line of outcome.lines.flat()) {
    const raw = events[line - 1].raw;
    assert.ok(!filter || filter(raw), `${spl}\nrequires ${JSON.stringify(clauses)} and words ${JSON.stringify(words)}\nbut skips a matching event: ${raw}`);
    counts.kept++;
  }
  if (filter) counts.filtered += events.filter((e) => !filter(e.raw)).length;
}

test('fast path on search: every event the search keeps passes the required-literal filter', async () => {
  const fields = ['Image', 'CommandLine', 'User'];
  const counts: FilterCounts = { kept: 0, filtered: 0 };
  await fc.assert(
    fc.asyncProperty(fc.array(fc.record({ Image: value, CommandLine: value, User: value }), { minLength: 1, maxLength: 12 }), shortTest(fields), expression(fields, true), async (objects, short, expr) => {
      const text = objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
      const events = parseLog(text, { format: 'json', sourcetype: 'test', source: 'test.json', index: 'main' }).events;
      await checkFilterKeepsMatches(`search ${short}${expr}`, events, false, counts);
    }),
    { numRuns: 1500, seed: 20241128 },
  );
  // The property means something only if the filter both keeps matches and skips lines.
  assert.ok(counts.kept > 200 && counts.filtered > 200, `kept ${counts.kept}, filtered ${counts.filtered}`);
  assert.ok((counts.withWords ?? 0) > 50, `${counts.withWords} searches required words`);
});

const SYSMON_LINE = readFileSync(resolve(__dirname, '../../../samples/logs/msiexec_sysmon.log'), 'utf8').split('\n')[0];

function xmlEscaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

/** The sample's Sysmon EventID 1 event with other Image, CommandLine, OriginalFileName and User. */
function sysmonEvent(values: Record<string, string>): string {
  let line = SYSMON_LINE;
  for (const [name, text] of Object.entries(values)) {
    const element = new RegExp(`<Data Name='${name}'>[^<]*</Data>`);
    assert.match(line, element, name);
    line = line.replace(element, () => `<Data Name='${name}'>${xmlEscaped(text)}</Data>`);
  }
  return line;
}

test('fast path on tstats: every event the data model search keeps passes the filter', async () => {
  const fields = ['Processes.process_name', 'Processes.process', 'Processes.original_file_name', 'Processes.user', 'Processes.parent_process_name'];
  const counts: FilterCounts = { kept: 0, filtered: 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ Image: value, CommandLine: value, OriginalFileName: value, User: value, ParentImage: value }), { minLength: 1, maxLength: 8 }),
      expression(fields, false),
      async (records, expr) => {
        const text = records.map(sysmonEvent).join('\n') + '\n';
        const events = parseLog(text, { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog', index: 'main' }).events;
        assert.equal(events.length, records.length);
        await checkFilterKeepsMatches(`| tstats count from datamodel=Endpoint.Processes where ${expr} by Processes.process_guid`, events, true, counts);
      },
    ),
    { numRuns: 600, seed: 20241128 },
  );
  assert.ok(counts.kept > 100 && counts.filtered > 100, `kept ${counts.kept}, filtered ${counts.filtered}`);
});

test('fast path on a raw search of add-on fields: every event the search keeps passes the filter', async () => {
  // process_name and parent_process_name are basenames of raw fields (a literal survives), process_integrity_level
  // a lower-cased one, action and vendor_product constants the raw text never holds: the filter must not require those.
  const fields = ['process_name', 'parent_process_name', 'process', 'user', 'process_integrity_level', 'action', 'vendor_product'];
  const constants = fc.constantFrom('allowed', 'Microsoft Sysmon', 'high', 'medium');
  const counts: FilterCounts = { kept: 0, filtered: 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ Image: value, CommandLine: value, User: value, ParentImage: value }), { minLength: 1, maxLength: 8 }),
      fc.oneof(expression(fields, false), fc.tuple(fc.constantFrom('action', 'vendor_product', 'process_integrity_level'), constants, expression(fields, false)).map(([f, c, e]) => `${f}=${quoted(c)} ${e}`)),
      async (records, expr) => {
        const text = records.map(sysmonEvent).join('\n') + '\n';
        const events = parseLog(text, { source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'xmlwineventlog', index: 'main' }).events;
        await checkFilterKeepsMatches(`search ${expr}`, events, true, counts);
      },
    ),
    { numRuns: 600, seed: 20241128 },
  );
  assert.ok(counts.kept > 100 && counts.filtered > 100, `kept ${counts.kept}, filtered ${counts.filtered}`);
});
