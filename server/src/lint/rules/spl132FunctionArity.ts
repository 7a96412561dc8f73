/**
 * SPL132 function-arity: an eval function called with fewer or more arguments than the Search
 * Reference's "Evaluation functions" define (`if(x, 1)`, `substr(x)`, `replace(x, "a")`), or a stats
 * aggregation with an argument count its function does not take (`dc()`, `values(a, b)`).
 */
import type { AggregationNode, EvalCallNode } from '../../spl/ast';
import { findEvalFunction, findStatsFunction, type FunctionInfo } from '../../spl/catalogue/functions';
import type { Rule } from '../rule';

export const functionArity: Rule = {
  meta: {
    id: 'SPL132',
    name: 'function-arity',
    defaultSeverity: 'error',
    fixable: false,
    messages: {
      eval: '`{{name}}()` takes {{expected}}, here {{count}}: {{signature}}. Splunk stops the search with an eval error.',
      stats: 'The {{command}} function `{{name}}` takes {{expected}}, here {{count}}: {{signature}}.',
    },
    doc: {
      what:
        'A call of an eval function with a number of arguments its definition does not accept (`if()` needs three, ' +
        '`substr()` two or three, `replace()` three, `round()` one or two ...), in any eval expression; and a stats ' +
        'aggregation (`stats`, `tstats`, `eventstats`, `streamstats`, `chart`, `timechart`, `mstats`) with an argument ' +
        'count its function does not take (`dc()` without a field, `values(a, b)`). The counts come from the Search ' +
        'Reference: "Evaluation functions" and "Statistical and charting functions". Unknown functions are SPL131\'s.',
      why:
        'Splunk validates the argument count when it parses the search: `eval x=if(a>1, "yes")` fails with "The arguments ' +
        'to the \'if\' function are invalid" and the detection never runs. A missing argument is usually a misplaced ' +
        'parenthesis (`if(match(x, "a", 1, 0))`), which the message makes easier to spot.',
      example: '```spl\n... | eval hit=if(match(process, "(?i)mimikatz", 1, 0))\n... | stats dc() as n by user\n```',
      useInstead: '```spl\n... | eval hit=if(match(process, "(?i)mimikatz"), 1, 0)\n... | stats dc(src) as n by user\n```',
    },
  },
  create(context) {
    return {
      evalCall(node: EvalCallNode) {
        const parent = context.ancestors().at(-1);
        if (parent?.kind === 'aggregation' || parent?.kind === 'option') return;
        const info = findEvalFunction(node.name);
        if (!info || accepts(info, node.args.length)) return;
        context.report({
          span: node.span,
          messageId: 'eval',
          data: { name: node.name, expected: expected(info), count: plural(node.args.length), signature: info.signature },
        });
      },
      aggregation(node: AggregationNode) {
        const info = findStatsFunction(node.func);
        const count = node.args?.length ?? 0;
        if (!info || accepts(info, count)) return;
        // `count` without parentheses is the usual form; `count()` means the same.
        if (node.args === null && info.minArgs === 0) return;
        const command = context.command();
        context.report({
          span: callSpan(context.text, node),
          messageId: 'stats',
          data: {
            command: command && 'name' in command ? command.name : 'stats',
            name: node.func,
            expected: expected(info),
            count: plural(count),
            signature: info.signature,
          },
        });
      },
    };
  },
};

/** `dc()` of `dc() as n`: the function and its parentheses, without the alias. */
function callSpan(text: string, node: AggregationNode): { start: number; end: number } {
  if (!node.args) return node.funcSpan;
  const from = node.args.length > 0 ? node.args[node.args.length - 1].span.end : node.funcSpan.end;
  const close = text.indexOf(')', from);
  return { start: node.funcSpan.start, end: close >= 0 && close < node.span.end ? close + 1 : node.funcSpan.end };
}

function accepts(info: FunctionInfo, count: number): boolean {
  return count >= info.minArgs && (info.maxArgs === null || count <= info.maxArgs);
}

function expected(info: FunctionInfo): string {
  if (info.maxArgs === null) return `at least ${plural(info.minArgs)}`;
  if (info.minArgs === info.maxArgs) return plural(info.minArgs);
  return `${info.minArgs} to ${plural(info.maxArgs)}`;
}

function plural(count: number): string {
  return `${count} argument${count === 1 ? '' : 's'}`;
}
