/**
 * Operator precedence. Search: NOT, then OR, then AND (Search Manual, "Boolean expressions"), and the
 * operators are keywords only in upper case. Eval/where: NOT, AND, OR, XOR, below comparison and
 * arithmetic; keywords in any case.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evalTree, parseClean, searchTree, stage } from './helpers';

function searchOf(text: string): string {
  const result = parseClean(text);
  return searchTree(text, stage(result, 0, 'search').expr);
}

function evalOf(expression: string): string {
  const text = `| eval x=${expression}`;
  const result = parseClean(text);
  const assignments = stage(result, 0, 'eval').assignments;
  assert.equal(assignments.length, 1);
  return evalTree(text, assignments[0].expr);
}

function whereOf(expression: string): string {
  const text = `| where ${expression}`;
  return evalTree(text, stage(parseClean(text), 0, 'where').expr);
}

test('search: juxtaposition is AND and OR binds tighter than AND', () => {
  assert.equal(searchOf('a b OR c'), '(AND a (OR b c))');
  assert.equal(searchOf('a OR b c'), '(AND (OR a b) c)');
  assert.equal(searchOf('a AND b OR c AND d'), '(AND a (OR b c) d)');
  assert.equal(searchOf('a OR b OR c'), '(OR a b c)');
});

test('search: NOT binds tightest and applies to one term or group', () => {
  assert.equal(searchOf('NOT a OR b'), '(OR (NOT a) b)');
  assert.equal(searchOf('a OR NOT b c'), '(AND (OR a (NOT b)) c)');
  assert.equal(searchOf('NOT (a b) c'), '(AND (NOT (AND a b)) c)');
  assert.equal(searchOf('NOT NOT a'), '(NOT (NOT a))');
  assert.equal(searchOf('NOT x=1 y IN (1, 2)'), '(AND (NOT x=1) y IN (1, 2))');
});

test('search: parentheses group, lower-case and/or/not are plain terms', () => {
  assert.equal(searchOf('(a OR b) (c OR d)'), '(AND (OR a b) (OR c d))');
  assert.equal(searchOf('a and b or c not d'), '(AND a and b or c not d)');
  assert.equal(searchOf('search a OR b'), '(OR a b)');
});

test('eval: arithmetic precedence and left associativity', () => {
  assert.equal(evalOf('1+2*3'), '(+ 1 (* 2 3))');
  assert.equal(evalOf('1-2-3'), '(- (- 1 2) 3)');
  assert.equal(evalOf('8/4/2'), '(/ (/ 8 4) 2)');
  assert.equal(evalOf('a%2+b*c/d'), '(+ (% a 2) (/ (* b c) d))');
  assert.equal(evalOf('(1+2)*3'), '(* (+ 1 2) 3)');
  assert.equal(evalOf('-a*b'), '(* (- a) b)');
  assert.equal(evalOf('- -a'), '(- (- a))');
});

test('eval: concatenation shares the additive level', () => {
  assert.equal(evalOf('"a" . b . "c"'), '(. (. "a" b) "c")');
  assert.equal(evalOf('"n=" . n+1'), '(+ (. "n=" n) 1)');
  assert.equal(evalOf('Processes.process . "x"'), '(. Processes.process "x")');
});

test('eval: comparison binds tighter than NOT, NOT tighter than AND, AND than OR, OR than XOR', () => {
  assert.equal(evalOf('a=1 AND b=2 OR c=3'), '(OR (AND (= a 1) (= b 2)) (= c 3))');
  assert.equal(evalOf('a OR b AND c'), '(OR a (AND b c))');
  assert.equal(evalOf('NOT a=1 AND b'), '(AND (NOT (= a 1)) b)');
  assert.equal(evalOf('a XOR b OR c'), '(XOR a (OR b c))');
  assert.equal(evalOf('a OR b XOR c AND d'), '(XOR (OR a b) (AND c d))');
  assert.equal(evalOf('x+1 > y*2'), '(> (+ x 1) (* y 2))');
  assert.equal(evalOf('x LIKE "a%" OR y != 2'), '(OR (LIKE x "a%") (!= y 2))');
});

test('eval: keywords in any case, IN lists, function calls', () => {
  assert.equal(whereOf('count > 5 and unique > 2'), '(AND (> count 5) (> unique 2))');
  assert.equal(whereOf('not a="x" and b="y"'), '(AND (NOT (= a "x")) (= b "y"))');
  assert.equal(whereOf('x in ("a", "b") OR y IN (1)'), '(OR (IN x "a" "b") (IN y 1))');
  assert.equal(whereOf('like(process, "%cmd%") AND in(x, "a")'), '(AND like(process, "%cmd%") in(x, "a"))');
  assert.equal(evalOf('if(a>1 AND NOT b, "x", null())'), 'if((AND (> a 1) (NOT b)), "x", null())');
});
