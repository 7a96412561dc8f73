// The Windows XML probes read EventID / EventCode / Channel without extracting. They must equal
// extraction whenever they answer: the whole-value probe (search predicates) and the first-value
// probe (add-on rule matching), on every XML example_log of the corpus and on mutations of them
// that put the names where extraction would also find them (attributes, duplicates, references,
// unreadable elements, odd spacing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { extractWindowsXml } from '../../server/src/engine/readers/winXml';
import { windowsXmlFields } from '../../server/src/engine/readers/winXmlProbe';
import { firstValue } from '../../server/src/engine/event';
import { corpusPath } from '../../scripts/corpus/locate.mjs';

const dir = corpusPath('security_content', 'data_sources');
const FIELDS = ['EventID', 'EventCode', 'Channel'];

const events: string[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((file) => (parse(readFileSync(resolve(dir, file), 'utf8')) as { example_log?: unknown }).example_log)
  .filter((log): log is string => typeof log === 'string' && log.trimStart().startsWith('<Event'))
  .map((log) => log.trim().replace(/\s*\n\s*/g, ' '));

/** System fields, every field extraction gives, and names it does not. */
function namesFor(fields: Map<string, unknown>): string[] {
  return [
    ...new Set([
      ...FIELDS, ...fields.keys(), 'Image', 'CommandLine', 'NoSuchField', 'Data', 'Process_Id', 'Event_ID',
      // Names with `_` whose runs may or may not occur, and names extraction makes up.
      'original_file_name', 'No_Such_Field', 'Process_Id_', 'System_Props_Xml', 'EventData_Xml', 'UserData_Xml', 'Such_Xml',
    ]),
  ];
}

function check(xml: string): { whole: number; first: number } {
  const fields = extractWindowsXml(xml);
  // One instance per event, asked every name in turn, as the reader's event asks it (its memos included).
  const probes = windowsXmlFields();
  let whole = 0;
  let first = 0;
  for (const name of namesFor(fields)) {
    const value = fields.get(name);
    const probed = probes.probe(xml, name);
    if (probed !== undefined) {
      whole++;
      assert.equal(probed ?? undefined, value, `whole ${name} of ${xml}`);
    }
    const probedFirst = probes.probeFirst(xml, name);
    if (probedFirst !== undefined) {
      first++;
      assert.equal(probedFirst ?? undefined, firstValue(value), `first ${name} of ${xml}`);
    }
  }
  return { whole, first };
}

test('on the corpus XML example logs the probes answer, and answer as extraction does', () => {
  assert.ok(events.length >= 60, `${events.length} XML example logs`);
  let whole = 0;
  let first = 0;
  for (const xml of events) {
    const answered = check(xml);
    whole += answered.whole;
    first += answered.first;
  }
  // Both probes must actually answer on clean events, or they spare nothing.
  assert.ok(first >= events.length * 2.5, `first-value probe answered ${first} of ${events.length * 3}`);
  assert.ok(whole >= events.length * 1.5, `whole-value probe answered ${whole} of ${events.length * 3}`);
});

const PIECES = [
  " EventID='7'", " Channel='x'", ' Channel="Security"', '<EventID>9</EventID>', '<Channel>Other</Channel>', '<Channel></Channel>',
  '<EventID/>', '&#69;', '&amp;', '<Data Name=\'EventID\'>3</Data>', "<Data Name='EventCode'>3</Data>", '<Data Name=\'Channel\'>c</Data>',
  '\u00a0', '\t', ' ', '<', '>', '/', "'", '"', '</EventID>', '<Broken', 'EventCode', '<System>', '</System>', '<Foo a=\'1\' b>x</Foo>',
  "<Data Name='&#69;ventID'>8</Data>", "<Data Name='Chann&#101;l'>c</Data>", 'x',
  "<Data Name='_Image'>z</Data>", "<Data Name='Image'>w</Data>", " Image='q'", '<Image>i</Image>', "<Data Name=\"Image\" >d</Data>",
  "<Data Name='Image'/>", "<Data Name=\"x'", '</EventData>', '<EventData>', "<Data Name='CommandLine'></Data>", '9CommandLine', 'Image',
  "<Data Name='Image' foo='x'>v</Data>", '<Data>Image</Data>', '<Binary>00</Binary>', "<Data Name='CommandLine' a='1'>c</Data>",
  "<Data Name='Process Id'>5</Data>", "<Data Name='NoSuch&amp;Field'>n</Data>", "<Data Name='Event ID'>e</Data>", '<Message>m</Message>',
  "<Data Name='original file name'>o</Data>", "<Data Name='No-Such Field'>n</Data>", "<Data Name='original&amp;file&lt;name'>a</Data>",
  "<UserData><Such>s</Such></UserData>",
];

test('shapes the sticky reader cannot read make the probes decline or agree', () => {
  const base = events.find((e) => e.includes('<Channel>') && e.includes('<EventID>'))!;
  const shapes = [
    base.replace('</Channel>', '</Channel x>'),
    base.replace('</EventID>', '</EventID x>'),
    base.replace(/<Channel>([^<]*)<\/Channel>/, '<Channel>$1<b/></Channel>'),
    base.replace('<Channel>', '<Channel a>'),
    base.replace('<Channel>', '<Channel\u00a0>').replace('</Channel>', '</Channel\u00a0>'),
    base.replace('</EventData>', "<Data Name='&#69;ventID'>8</Data></EventData>"),
    base.replace('</EventData>', "<Data Name='Chann&#101;l'>c</Data></EventData>"),
    base.replace('<System>', "<System><Provider Channel='p'/>"),
  ];
  for (const xml of shapes) check(xml);
});

test('mutated events: whenever a probe answers, extraction agrees', () => {
  fc.assert(
    fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PIECES), fc.nat({ max: 2 })), { minLength: 1, maxLength: 4 }), (pick, edits) => {
      let xml = events[pick % events.length];
      for (const [at, piece, remove] of edits) {
        // Edits land mostly in <System>, where the probes read.
        const systemStart = Math.max(0, xml.indexOf('<System>'));
        const systemEnd = xml.indexOf('</System>') > 0 ? xml.indexOf('</System>') + 9 : xml.length;
        const i = at % 3 === 0 ? at % (xml.length + 1) : systemStart + (at % (systemEnd - systemStart + 1));
        xml = xml.slice(0, i) + piece + xml.slice(i + remove);
      }
      check(xml);
    }),
    { numRuns: 4000 },
  );
});

test('the first value comes from an earlier attribute when one names the field', () => {
  const xml = events.find((e) => e.includes('<EventID>'))!.replace('<EventID>', "<EventID EventID='42'>");
  assert.equal(firstValue(extractWindowsXml(xml).get('EventID')), '42');
  assert.equal(windowsXmlFields().probeFirst(xml, 'EventID'), undefined, 'the probe declines rather than answer the element text');
});
