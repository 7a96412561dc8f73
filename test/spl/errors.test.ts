/** Diagnostics: codes, messages a person understands, exact spans, and recovery after each error. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from '../../server/src/text/diagnostic';
import { parse, stage } from './helpers';

/** `CODE severity 'underlined text' message` for each diagnostic. */
function described(text: string): string[] {
  return parse(text).diagnostics.map((d: Diagnostic) => `${d.code} ${d.severity} '${text.slice(d.span.start, d.span.end)}' ${d.message}`);
}

test('unclosed parenthesis: message names the opening column, related points at it', () => {
  const text = 'x | eval y=if(a, (b+1, c) | stats count';
  const result = parse(text);
  assert.deepEqual(described(text), ["SPL004 error ',' Expected ')' to close the '(' opened earlier, found ','"]);
  assert.deepEqual(result.diagnostics[0].related, [{ span: { start: 17, end: 18 }, message: "'(' opened here" }]);
  assert.equal(stage(result, 2, 'stats').aggregations[0].func, 'count', 'parsing goes on after the error');
});

test('unclosed brackets at the end of the text are reported on the opening bracket, with line and column', () => {
  assert.deepEqual(described('index=x (a OR b'), ["SPL004 error '(' Unclosed '(': no ')' before the end of the search"]);
  assert.deepEqual(described('x\n| append [search foo | stats count'), ["SPL004 error '[' Unclosed '[': no ']' before the end of the search"]);
});

test('unmatched closing brackets', () => {
  assert.deepEqual(described('a ) b'), ["SPL005 error ')' Unexpected ')' with no matching '('"]);
  assert.deepEqual(described('a ] b | table x ]'), ["SPL005 error ']' Unexpected ']' with no matching '['", "SPL005 error ']' Unexpected ']' with no matching '['"]);
  assert.deepEqual(described('x | where (a > 1))'), ["SPL005 error ')' Unexpected ')' with no matching '('"]);
});

test('empty pipeline stages', () => {
  assert.deepEqual(described('index=x | | stats count'), ["SPL006 error '| |' Empty pipeline stage: nothing between '|' and '|'"]);
  assert.deepEqual(described('index=x |'), ["SPL006 error '|' Empty pipeline stage: nothing after '|'"]);
  assert.deepEqual(described('x [ search a | ]'), ["SPL006 error '|' Empty pipeline stage: nothing after '|'"]);
  assert.deepEqual(described('x [ ]'), ["SPL011 error '[ ]' Empty subsearch: expected a search between [ and ]"]);
});

test('unterminated string, macro and comment are reported on their first line', () => {
  assert.deepEqual(described('x "abc\ndef | stats count'), [`SPL001 error '"abc' Unterminated string: no closing " before the end of the search`]);
  assert.deepEqual(described('x `macro | stats count'), ["SPL002 error '`macro' Unterminated macro call: no closing backtick (`)"]);
  assert.deepEqual(described('x ```comment\n| stats'), ["SPL003 error '```comment' Unterminated comment: no closing ``` before the end of the search"]);
  assert.deepEqual(described("x | eval y='abc"), ["SPL001 error ''abc' Unterminated quoted field name: no closing ' before the end of the search"]);
});

test('missing values and operands', () => {
  assert.deepEqual(described('x='), ["SPL007 error '=' Expected a value after 'x='"]);
  assert.deepEqual(described('x= | stats count'), ["SPL007 error '|' Expected a value after 'x='"]);
  assert.deepEqual(described('x | eval y=1+'), ["SPL007 error '+' Expected an expression after '+', found the end of the search"]);
  assert.deepEqual(described('x | eval y=f(1,,2)'), ["SPL007 error ',' Expected an argument of 'f', found ','"]);
  assert.deepEqual(described('x | bin span=1h _time | stats count by'), ["SPL007 error 'by' Expected at least one field name after 'by'"]);
  assert.deepEqual(described('x | bin span= _time'), ["SPL009 error 'bin' 'bin' needs the field to put into bins, e.g. 'bin _time span=1h'"]);
});

test('dangling boolean operators in a search', () => {
  assert.deepEqual(described('a AND'), ["SPL012 error 'AND' 'AND' needs a search term after it"]);
  assert.deepEqual(described('OR b'), ["SPL012 error 'OR' 'OR' needs a search term before it"]);
  assert.deepEqual(described('a NOT | stats count'), ["SPL012 error 'NOT' 'NOT' needs a search term after it, found '|'"]);
  assert.deepEqual(described('a OR OR b'), ["SPL012 error 'OR' 'OR' needs a search term after it"]);
});

test('eval and where syntax errors', () => {
  assert.deepEqual(described('x | eval a=1 b=2'), ["SPL008 error 'b' Expected ',' between eval assignments, found 'b'"]);
  assert.deepEqual(described('x | eval =3'), ["SPL009 error '=' Expected 'field = expression' in eval, found '='"]);
  assert.deepEqual(described('x | where a b'), ["SPL008 error 'b' Unexpected 'b' after the 'where' expression"]);
  assert.deepEqual(described('x | eval a=1 # 2'), ["SPL008 error '#' Expected ',' between eval assignments, found '#'"]);
  assert.deepEqual(described('x | eval a=if(x y, 1, 2)'), ["SPL008 error 'y' Unexpected 'y' in the arguments of 'if'"]);
});

test('commands missing a required part', () => {
  assert.deepEqual(described('x | rename a b'), [
    "SPL009 error 'a' Expected 'AS <new name>' after 'a' in rename, found 'b'",
    "SPL009 error 'b' Expected 'AS <new name>' after 'b' in rename, found the end of the search",
  ]);
  assert.deepEqual(described('x | rex field=x'), [`SPL009 error 'rex' 'rex' needs a regular expression in double quotes, e.g. rex field=x "(?<name>\\w+)"`]);
  assert.deepEqual(described('x | lookup'), ["SPL009 error 'lookup' 'lookup' needs a lookup table name"]);
  assert.deepEqual(described('x | join user'), ["SPL009 error 'join' 'join' needs a subsearch in square brackets, e.g. join user [search ...]"]);
  assert.deepEqual(described('x | where'), ["SPL009 error 'where' 'where' needs an expression, e.g. where count > 5"]);
  assert.deepEqual(described('x | eval'), ["SPL009 error 'eval' 'eval' needs an assignment, e.g. eval field=expression"]);
  assert.deepEqual(described('x | "quoted"'), [`SPL013 error '"quoted"' Expected a command name after '|', found '"quoted"'`]);
});

test('an argument a typed command does not expect is a warning, not an error', () => {
  assert.deepEqual(described('x | table a (c) b'), ["SPL014 warning '(c)' '(c)' is not an argument 'table' expects here"]);
  assert.deepEqual(described('x | sort count "x" | dedup a 5'), [], 'quoted and numeric names are fields');
  assert.deepEqual(described('x | mvexpand a b'), ["SPL014 warning 'b' 'b' is not an argument 'mvexpand' expects here"]);
  assert.deepEqual(described('x | table a (c | stats count'), ["SPL004 error '|' Expected ')' to close the '(' opened earlier, found '|'"]);
});

test('recovery: every stage after an error is still parsed', () => {
  const text = 'index=x (a | eval y=(1 | stats count by host | rename a b | table host, count';
  const result = parse(text);
  assert.deepEqual(result.ast.stages.map((s) => s.kind), ['search', 'eval', 'stats', 'rename', 'table']);
  assert.deepEqual(stage(result, 4, 'table').fields.map((f) => f.name), ['host', 'count']);
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['SPL004', 'SPL004', 'SPL009', 'SPL009']);
});

test('deep nesting gives one diagnostic instead of a stack overflow', () => {
  for (const [open, close] of [['(', ')'], ['[', ']']]) {
    const text = 'x ' + open.repeat(5000) + 'y' + close.repeat(5000);
    const result = parse(text);
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['SPL010']);
    assert.match(result.diagnostics[0].message, /nested more than 100 levels/);
  }
  const evalText = '| eval x=' + '('.repeat(3000) + '1' + ')'.repeat(3000);
  assert.deepEqual(parse(evalText).diagnostics.map((d) => d.code), ['SPL010']);
  const notChain = 'NOT '.repeat(20000) + 'x';
  assert.deepEqual(parse(notChain).diagnostics, []);
});
