import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Document, isScalar, isSeq, parseDocument, Scalar } from 'yaml';
import { readSplDocument } from '../../server/src/workspace/documents';
import { mappingProblems } from './mappingOracle';

type Style = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';
const STYLES: Style[] = ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'];

/** Characters that stress YAML: quotes, escapes, indicators, blanks, breaks, unicode incl. astral. */
const tricky = fc.constantFrom(
  "'", "''", '"', '\\', '\\\\', ' ', '  ', '\t', '\n', '\n\n', '\r', '\r\n', '#', ' #', ': ', '- ', '-', '|', '>',
  '`', '{', '}', '[', ']', ',', '&', '*', '!', '%', '@', '?', 'é', 'ß', '😀', '𝄞', '\u2028', '\u0085', '\u00a0',
  '\x07', '\x00', '\uFEFF', '$', '=',
);
const ordinary = fc.constantFrom(...'abcdefxyz=()0123_.'.split(''), 'index=main', ' | stats count', ' by user');
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const body = fc.string({
  unit: fc.oneof({ weight: 4, arbitrary: ordinary }, { weight: 4, arbitrary: tricky }, { weight: 1, arbitrary: anyChar }),
  maxLength: 60,
});
// Leading blanks force an indentation indicator; trailing breaks choose the chomping indicator.
const value = fc
  .tuple(fc.constantFrom('', '', ' ', '  x', '\n'), body, fc.constantFrom('', '', '\n', '\n\n', '\n\n\n', ' ', ' \n'))
  .map(([prefix, middle, suffix]) => prefix + middle + suffix);

type Layout = 'top' | 'drilldown' | 'flow';

interface Case {
  value: string;
  style: Style;
  lineWidth: number;
  indent: number;
  layout: Layout;
  crlf: boolean;
  bom: boolean;
}

function caseFor(style: Style) {
  return fc.record({
    value: style.startsWith('BLOCK') ? value : body,
    style: fc.constant(style),
    lineWidth: fc.integer({ min: 12, max: 60 }),
    indent: fc.integer({ min: 2, max: 4 }),
    // Block scalars cannot sit in a flow collection.
    layout: style.startsWith('BLOCK') ? fc.constantFrom<Layout>('top', 'drilldown') : fc.constantFrom<Layout>('top', 'drilldown', 'flow'),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  });
}

/** Serialises a detection-like document with `search` forced into the style, as the yaml package writes it. */
function writeDetection(c: Case): { file: string; path: (string | number)[] } {
  const doc = new Document(
    c.layout === 'top'
      ? { name: 'Property Detection', id: 'p-1', search: c.value, how_to_implement: 'n/a' }
      : { name: 'Property Detection', drilldown_searches: [{ name: 'View', search: c.value, earliest_offset: 0 }], tests: [] },
  );
  const path = c.layout === 'top' ? ['search'] : ['drilldown_searches', 0, 'search'];
  if (c.layout === 'flow') {
    // `drilldown_searches: [ { name: View, search: ... } ]`: scalars inside flow collections.
    const list = doc.get('drilldown_searches', true);
    assert.ok(isSeq(list));
    list.flow = true;
  }
  const node = doc.getIn(path, true);
  assert.ok(isScalar(node));
  node.type = Scalar[c.style];
  let file = doc.toString({ lineWidth: c.lineWidth, minContentWidth: 0, indent: c.indent });
  if (c.crlf) file = file.replace(/\n/g, '\r\n');
  if (c.bom) file = '\uFEFF' + file;
  return { file, path };
}

function checkCase(c: Case, seen: Map<string, number>): void {
  const { file, path } = writeDetection(c);
  const parsed = parseDocument(file);
  // The yaml package's writer sometimes emits YAML that does not read back (e.g. PLAIN "-\na" becomes
  // `search: -` plus a line): such a file is not a valid input for this property.
  const written = parsed.errors.length === 0 ? parsed.getIn(path, true) : undefined;
  fc.pre(isScalar(written) && written.value === c.value);
  const node = written;
  assert.ok(isScalar(node));
  seen.set(String(node.type), (seen.get(String(node.type)) ?? 0) + 1);
  const document = readSplDocument('/w/detections/p.yml', file);
  const label = c.layout === 'top' ? 'search' : 'drilldown_searches[0].search';
  const search = document.searches.find((each) => each.label === label);
  assert.ok(search, `search ${label} extracted from ${JSON.stringify(file)}`);
  assert.equal(search.text, node.value, `decoded text equals the yaml package value in ${JSON.stringify(file)}`);
  assert.equal(search.approximate, undefined);
  assert.deepEqual(mappingProblems(file, search, 3), [], JSON.stringify(file));
  const header = /^[|>]([-+]?)([1-9]?)([-+]?)/.exec(file.slice(search.fileSpan.start));
  if (header) {
    const chomp = header[1] || header[3];
    if (chomp) seen.set(`chomp ${chomp}`, (seen.get(`chomp ${chomp}`) ?? 0) + 1);
    if (header[2]) seen.set('indentation indicator', (seen.get('indentation indicator') ?? 0) + 1);
  }
}

for (const style of STYLES) {
  test(`property: ${style} search values decode to the yaml value and every character maps to its source`, () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(caseFor(style), (c) => checkCase(c, seen)),
      { numRuns: 400 },
    );
    // The serialiser falls back to another style when the value cannot be written in this one;
    // the forced style must still be the one most runs exercise.
    assert.ok((seen.get(style) ?? 0) >= 100, `${style} written ${seen.get(style) ?? 0} times: ${JSON.stringify([...seen])}`);
    if (style.startsWith('BLOCK')) {
      for (const variant of ['chomp -', 'chomp +', 'indentation indicator']) {
        assert.ok((seen.get(variant) ?? 0) >= 5, `${variant} seen ${seen.get(variant) ?? 0} times in ${style}`);
      }
    }
  });
}

test('property: folding is exercised (multi-line scalars appear in most styles)', () => {
  let multiLine = 0;
  fc.assert(
    fc.property(caseFor('QUOTE_SINGLE'), (c) => {
      const { file } = writeDetection({ ...c, value: `${c.value} ${'index=main | stats count by user '.repeat(3)}` });
      const search = readSplDocument('/w/detections/p.yml', file).searches[0];
      if (file.slice(search.fileSpan.start, search.fileSpan.end).includes('\n')) multiLine++;
      assert.deepEqual(mappingProblems(file, search, 3), []);
    }),
    { numRuns: 100 },
  );
  assert.ok(multiLine >= 90, `${multiLine} of 100 long single-quoted values were folded`);
});
