/** Semantic spans for highlighting, and the generic walker they are built on. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { semanticSpans } from '../../server/src/spl/highlight';
import { parseSpl } from '../../server/src/spl/parser';
import { allNodes, children, nodesAt, walk } from '../../server/src/spl/visit';
import { collectCorpus } from './corpusSearches';

function highlighted(text: string, fragment = false): string[] {
  return semanticSpans(parseSpl(text, { fragment }), text).map((item) => `${item.kind}:${text.slice(item.span.start, item.span.end)}`);
}

test('each piece of a search gets its kind', () => {
  const text =
    '`sysmon` EventCode=1 NOT x IN ("a") ```c``` | tstats count min(_time) as t from datamodel=Endpoint.Processes where Processes.x=$dest$ by host span=1h | eval y=if(match(a, "^x$"), 1.5, -2) . "s" | rex field=a "(?<b>.)" | sort -count | where a like "x%" and not b | search %original_detection_search%';
  assert.deepEqual(highlighted(text), [
    'macro:`sysmon`', 'field:EventCode', 'operator:=', 'number:1', 'keyword:NOT', 'field:x', 'keyword:IN', 'string:"a"', 'comment:```c```',
    'command:tstats', 'function:count', 'function:min', 'field:_time', 'keyword:as', 'field:t', 'keyword:from', 'option:datamodel', 'keyword:where',
    'field:Processes.x', 'operator:=', 'variable:$dest$', 'keyword:by', 'field:host', 'option:span',
    'command:eval', 'field:y', 'function:if', 'function:match', 'field:a', 'regexp:"^x$"', 'number:1.5', 'operator:-', 'number:2', 'operator:.', 'string:"s"',
    'command:rex', 'option:field', 'regexp:"(?<b>.)"', 'command:sort', 'operator:-', 'field:count',
    'command:where', 'field:a', 'keyword:like', 'string:"x%"', 'keyword:and', 'keyword:not', 'field:b',
    'command:search', 'variable:%original_detection_search%',
  ]);
});

test('a macro call is one span, its arguments included', () => {
  assert.deepEqual(highlighted('| `security_content_ctime(firstTime)`'), ['macro:`security_content_ctime(firstTime)`']);
  assert.deepEqual(highlighted('convert ctime($field$)', true), ['command:convert', 'function:ctime', 'variable:$field$']);
});

test('semantic spans are sorted, non-overlapping, non-empty and inside the text on the whole corpus', () => {
  for (const search of collectCorpus().searches) {
    const spans = semanticSpans(parseSpl(search.text, { fragment: search.fragment }), search.text);
    if (search.label === 'search') assert.ok(spans.length > 0, `${search.file}: nothing highlighted`);
    let lastEnd = 0;
    for (const item of spans) {
      assert.ok(item.span.start >= lastEnd && item.span.end > item.span.start && item.span.end <= search.text.length, `${search.file}: ${JSON.stringify(item)}`);
      lastEnd = item.span.end;
    }
  }
});

test('children are the sub-nodes in source order; walk visits every node once, pre-order', () => {
  const text = 'a b | stats count by x | eval y=1+2';
  const result = parseSpl(text);
  assert.deepEqual(children(result.ast).map((node) => node.kind), ['search', 'stats', 'eval']);
  const stats = result.ast.stages[1];
  assert.deepEqual(children(stats).map((node) => text.slice(node.span.start, node.span.end)), ['count', 'by', 'x']);
  const visited: string[] = [];
  walk(result.ast, {
    enter: (node) => {
      visited.push(`+${node.kind}`);
      return node.kind === 'stats' ? 'skip' : undefined;
    },
    leave: (node) => {
      visited.push(`-${node.kind}`);
    },
  });
  assert.equal(visited[0], '+pipeline');
  assert.equal(visited[visited.length - 1], '-pipeline');
  assert.ok(!visited.includes('+aggregation'), 'skip leaves the children out');
  assert.equal(new Set(allNodes(result.ast)).size, allNodes(result.ast).length);
});

test('nodesAt finds the path from the pipeline to the innermost node at an offset', () => {
  const text = 'x | eval y=if(a>1, "b", c)';
  const path = nodesAt(parseSpl(text).ast, text.indexOf('"b"') + 1);
  assert.deepEqual(path.map((node) => node.kind), ['pipeline', 'eval', 'evalAssignment', 'evalCall', 'string']);
});

test('walk handles a very long eval chain without recursion', () => {
  const text = '| eval x=' + Array.from({ length: 20000 }, () => '1').join('+');
  const result = parseSpl(text);
  assert.deepEqual(result.diagnostics, []);
  let count = 0;
  walk(result.ast, () => {
    count++;
  });
  assert.equal(count, 1 + 1 + 1 + 1 + 2 * 20000 - 1);
  assert.ok(semanticSpans(result, text).length > 20000);
});
