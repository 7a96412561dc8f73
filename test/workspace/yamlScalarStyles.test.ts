import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseDocument, type Scalar } from 'yaml';
import { readSplDocument } from '../../server/src/workspace/documents';
import { spanToFile, type EmbeddedSearch } from '../../server/src/text/embeddedSearch';
import { mapScalar } from '../../server/src/workspace/yamlScalarMap';
import { mappingProblems } from './mappingOracle';

const PATH = '/repo/detections/endpoint/example.yml';

function searchIn(file: string): EmbeddedSearch {
  const document = readSplDocument(PATH, file);
  assert.equal(document.searches.length, 1, JSON.stringify(document.diagnostics));
  const search = document.searches[0];
  assert.equal(search.text, parse(file).search, 'decoded text equals the yaml package value');
  assert.equal(search.approximate, undefined);
  assert.deepEqual(mappingProblems(file, search), []);
  return search;
}

/** File offset of the `nth` (0-based) occurrence of `needle` in `file`. */
function nth(file: string, needle: string, index = 0): number {
  let at = -1;
  for (let i = 0; i <= index; i++) {
    at = file.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `${needle} #${index} in file`);
  }
  return at;
}

test('plain scalar: folded lines map to their own text, folds to the line breaks', () => {
  const file = 'name: x\nsearch: index=a b\n  c  d   \n\n  e\nid: 1\n';
  const search = searchIn(file);
  assert.equal(search.text, 'index=a b c  d\ne');
  assert.equal(search.toFileOffset(0), nth(file, 'index'));
  assert.equal(search.toFileOffset(search.text.indexOf('c')), nth(file, 'c  d'));
  assert.equal(search.toFileOffset(search.text.indexOf('e', 5)), nth(file, '  e') + 2);
  // The space between `b` and `c` is the line break after `b`.
  assert.equal(search.toFileOffset(9), nth(file, 'b\n') + 1);
  // The `\n` between `d` and `e` stands for the blank line's break.
  assert.equal(search.toFileOffset(search.text.indexOf('\n')), nth(file, '\n\n') + 1);
  assert.equal(search.toFileOffset(search.text.length), nth(file, '  e') + 3);
  assert.deepEqual(search.fileSpan, { start: nth(file, 'index'), end: nth(file, '  e') + 3 });
});

test('single-quoted: the 200th character of a 300-character folded search lands on its own character', () => {
  // Written by hand: 5 lines of 60 characters, quotes doubled, continuation lines indented 4.
  const words = Array.from({ length: 60 }, (_, i) => `f${i}='v${i}'`).join(' ');
  const value = words.slice(0, 300).replace(/ $/, 'x');
  let file = 'name: long\nsearch: \'';
  const written: number[] = [];
  let column = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === ' ' && column > 50) {
      written.push(file.length);
      file += '\n    ';
      column = 0;
      continue;
    }
    written.push(file.length);
    file += ch === "'" ? "''" : ch;
    column++;
  }
  file += "'\nid: 2\n";
  const search = searchIn(file);
  assert.equal(search.text.length, 300);
  assert.equal(search.text, value);
  for (const i of [0, 57, 199, 200, 201, 299]) {
    assert.equal(search.toFileOffset(i), written[i], `char ${i} ${JSON.stringify(value[i])}`);
  }
  const quote = value.indexOf("'", 190);
  assert.equal(file.slice(search.toFileOffset(quote), search.charEndInFile(quote)), "''");
  assert.equal(file[search.toFileOffset(200)], value[200] === ' ' ? '\n' : value[200]);
});

test('double-quoted: every escape maps to its backslash, an escaped line break produces nothing', () => {
  const file =
    'search: "*/y* \\"q\\" \\\\ \\x41\\u00e9\\U0001F600 t\\tz\\\n' +
    '    w   \n' +
    '\n' +
    '  end"\n';
  const search = searchIn(file);
  assert.equal(search.text, '*/y* "q" \\ Aé😀 t\tzw\nend');
  assert.equal(search.toFileOffset(2), nth(file, 'y'));
  assert.equal(file[search.toFileOffset(2)], 'y');
  const quote = search.text.indexOf('"');
  assert.equal(file.slice(search.toFileOffset(quote), search.charEndInFile(quote)), '\\"');
  const backslash = search.text.indexOf('\\');
  assert.equal(file.slice(search.toFileOffset(backslash), search.charEndInFile(backslash)), '\\\\');
  assert.equal(search.toFileOffset(search.text.indexOf('A')), nth(file, '\\x41'));
  assert.equal(search.charEndInFile(search.text.indexOf('A')), nth(file, '\\x41') + 4);
  assert.equal(search.toFileOffset(search.text.indexOf('é')), nth(file, '\\u00e9'));
  const emoji = search.text.indexOf('😀');
  assert.equal(search.toFileOffset(emoji), nth(file, '\\U0001F600'));
  assert.equal(search.toFileOffset(emoji + 1), nth(file, '\\U0001F600'), 'both UTF-16 units map to the escape');
  assert.equal(search.charEndInFile(emoji + 1), nth(file, '\\U0001F600') + 10);
  assert.equal(search.toFileOffset(search.text.indexOf('\t')), nth(file, '\\t'));
  // `z\` + line break + indentation joins z and w.
  assert.equal(search.toFileOffset(search.text.indexOf('w')), nth(file, 'w'));
  assert.equal(search.toFileOffset(search.text.indexOf('\n')), nth(file, '\n\n') + 1);
  assert.equal(search.toFileOffset(search.text.indexOf('end')), nth(file, 'end'));
});

test('block literal with a comment after the header keeps lines and maps breaks', () => {
  const file = 'name: x\nsearch: |  # the SPL\n  index=a\n    | stats count\n\n  | table x\nid: 3\n';
  const search = searchIn(file);
  assert.equal(search.text, 'index=a\n  | stats count\n\n| table x\n');
  assert.equal(search.toFileOffset(0), nth(file, 'index'));
  assert.equal(search.toFileOffset(search.text.indexOf('  |')), nth(file, '    | stats') + 2);
  assert.equal(search.toFileOffset(search.text.indexOf('| table')), nth(file, '| table'));
  assert.equal(search.toFileOffset(search.text.length - 1), nth(file, 'x\nid') + 1);
  assert.equal(search.fileSpan.start, nth(file, '|  #'));
});

test('block chomping and explicit indentation', () => {
  const strip = searchIn('search: |-\n  a\n\n  b\n\n\nid: 1\n');
  assert.equal(strip.text, 'a\n\nb');
  const keep = searchIn('search: |+\n  a\n\n\nid: 1\n');
  assert.equal(keep.text, 'a\n\n\n');
  const indicatorFile = 'search: |2\n    indented\n   less\n  base\nid: 1\n';
  const indicator = searchIn(indicatorFile);
  assert.equal(indicator.text, '  indented\n less\nbase\n');
  assert.equal(indicator.toFileOffset(0), nth(indicatorFile, '    indented') + 2);
  assert.equal(indicator.toFileOffset(indicator.text.indexOf('less')), nth(indicatorFile, 'less'));
});

test('folded block: lines fold to spaces, more-indented lines keep their breaks', () => {
  const file = 'search: >-\n  `sysmon` a\n  b\n\n    | more\n  c\nid: 1\n';
  const search = searchIn(file);
  assert.equal(search.text, '`sysmon` a b\n\n  | more\nc');
  assert.equal(search.toFileOffset(search.text.indexOf(' b')), nth(file, 'a\n') + 1);
  assert.equal(search.toFileOffset(search.text.indexOf('| more')), nth(file, '| more'));
  assert.equal(search.toFileOffset(search.text.indexOf('c')), nth(file, '  c') + 2);
});

test('CRLF line endings, a BOM and tabs', () => {
  const file = '\uFEFFname: x\r\nsearch: \'a\tb\r\n  c\'\r\ndrilldown_searches:\r\n- name: d\r\n  search: |\r\n    x\r\n\r\n    y\r\nid: 1\r\n';
  const document = readSplDocument(PATH, file);
  assert.deepEqual(document.diagnostics, []);
  const [search, drilldown] = document.searches;
  assert.equal(search.text, 'a\tb c');
  assert.equal(search.toFileOffset(1), nth(file, '\t'));
  assert.equal(file.slice(search.toFileOffset(3), search.charEndInFile(3)), '\r\n', 'the fold is the CRLF');
  assert.equal(search.toFileOffset(4), nth(file, 'c\''));
  assert.equal(drilldown.label, 'drilldown_searches[0].search');
  assert.equal(drilldown.text, 'x\n\ny\n');
  assert.equal(drilldown.toFileOffset(3), nth(file, 'y\r\n'));
  assert.equal(file.slice(drilldown.toFileOffset(1), drilldown.charEndInFile(1)), '\r\n');
  for (const each of document.searches) assert.deepEqual(mappingProblems(file, each), []);
});

test('spanToFile covers a span that crosses a fold', () => {
  const file = "search: 'index=main\n  | stats count'\n";
  const search = searchIn(file);
  const from = search.text.indexOf('main');
  const to = search.text.indexOf('stats') + 'stats'.length;
  assert.deepEqual(spanToFile(search, { start: from, end: to }), { start: nth(file, 'main'), end: nth(file, 'stats') + 5 });
});

test('an alias to an anchored string maps to the anchor', () => {
  const file = "common: &spl '| tstats count'\nsearch: *spl\n";
  const search = searchIn(file);
  assert.equal(search.toFileOffset(2), nth(file, 'tstats'));
});

test('if the exact decoder cannot be checked against the yaml value, the map is coarse and says so', () => {
  const written = "search: 'a ''b'' c'\n";
  const node = parseDocument(written, { keepSourceTokens: true }).get('search', true) as Scalar;
  // The token no longer sits in the text handed over (the file changed under the parse).
  const mapped = mapScalar(written.replace("'a", "'z"), node)!;
  assert.equal(mapped.exact, false);
  assert.equal(mapped.mapped.text, "a 'b' c");
  assert.deepEqual(new Set(mapped.mapped.starts), new Set([mapped.fileSpan.start]));
  assert.deepEqual(new Set(mapped.mapped.ends), new Set([mapped.fileSpan.end]));
  assert.equal(written.slice(mapped.fileSpan.start, mapped.fileSpan.end), "'a ''b'' c'");
  assert.equal(mapScalar(written, node)!.exact, true);
});
