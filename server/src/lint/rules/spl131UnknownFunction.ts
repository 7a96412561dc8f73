/**
 * SPL131 unknown-function: a call in an eval expression (`eval`, `where`, `eval(...)` in stats, `if()`
 * arguments ...) to a function the Search Reference's "Evaluation functions" do not define. A stats
 * function (`values`, `dc`, `latest` ...) called in eval gets its own message. Calls that are stats
 * aggregations themselves (`count(eval(...))`) are a different catalogue and are not judged here.
 */
import type { AggregationNode, EvalCallNode } from '../../spl/ast';
import { EVAL_FUNCTIONS, STATS_FUNCTIONS, findEvalFunction, findStatsFunction } from '../../spl/catalogue/functions';
import type { AnyNode } from '../../spl/visit';
import { closestName } from '../closestName';
import type { Rule } from '../rule';

const FUNCTION_NAMES = EVAL_FUNCTIONS.map((f) => f.name);
const STATS_NAMES = STATS_FUNCTIONS.map((f) => f.name);

export const unknownFunction: Rule = {
  meta: {
    id: 'SPL131',
    name: 'unknown-function',
    defaultSeverity: 'error',
    fixable: false,
    messages: {
      unknown: 'Unknown eval function `{{name}}()`{{suggestion}}: Splunk stops the search ("The \'{{name}}\' function is unsupported or undefined").',
      aggregation: 'Unknown {{command}} function `{{name}}`{{suggestion}}: Splunk stops the search.',
      stats:
        '`{{name}}()` is a stats function, not an eval function: eval and where cannot call it. Compute it with stats, ' +
        'eventstats or streamstats{{instead}}.',
    },
    doc: {
      what:
        'A function call inside an eval expression (`eval`, `where`, `fieldformat`, `eval(...)` inside stats, `if()` and ' +
        'other arguments) whose name is not one of the Search Reference\'s "Evaluation functions" (case-insensitive). A ' +
        'statistical function used there (`values()`, `dc()`, `count()`, `latest()` ...) gets a message of its own. The ' +
        'aggregations of `stats`, `tstats`, `eventstats`, `streamstats`, `chart` and `timechart` (`count(eval(x>1))`, ' +
        '`values(user)`) are not eval calls: an unknown aggregation (`stats distinctcount(user)`) is reported against the ' +
        '"Statistical and charting functions" instead.',
      why:
        'Splunk checks eval functions when it parses the search; an unknown name stops the whole search ("The \'foo\' ' +
        'function is unsupported or undefined"), so a scheduled detection never runs. Eval and stats have separate ' +
        'function lists: `eval n=dc(user)` is a common slip for `stats dc(user) as n` or `eval n=mvcount(mvdedup(user))`.',
      example: '```spl\n... | eval cmd=lowr(process) | eval n=dc(user)\n```',
      useInstead: '```spl\n... | eval cmd=lower(process) | eval n=mvcount(mvdedup(user))\n```',
    },
  },
  create(context) {
    return {
      evalCall(node: EvalCallNode) {
        const parent = context.ancestors().at(-1);
        if (isAggregationLevel(parent)) return;
        const name = node.name;
        if (findEvalFunction(name) || /[$<%]/.test(name)) return;
        if (findStatsFunction(name)) {
          const instead = STATS_IN_EVAL[name.toLowerCase()];
          context.report({ span: node.nameSpan, messageId: 'stats', data: { name, instead: instead ? `, or use ${instead} on a multivalue field` : '' } });
          return;
        }
        const close = closestName(name, FUNCTION_NAMES);
        context.report({ span: node.nameSpan, messageId: 'unknown', data: { name, suggestion: close ? ` (did you mean \`${close}()\`?)` : '' } });
      },
      aggregation(node: AggregationNode) {
        if (findStatsFunction(node.func) || /[$<%]/.test(node.func)) return;
        const close = closestName(node.func, STATS_NAMES);
        const command = context.command();
        context.report({
          span: node.funcSpan,
          messageId: 'aggregation',
          data: { name: node.func, command: command && 'name' in command ? command.name : 'stats', suggestion: close ? ` (did you mean \`${close}\`?)` : '' },
        });
      },
    };
  },
};

/** `count(eval(...))` and `startswith=eval(...)`: the call is the aggregation's or option's own syntax. */
function isAggregationLevel(parent: AnyNode | undefined): boolean {
  return parent?.kind === 'aggregation' || parent?.kind === 'option';
}

/** Eval counterparts of stats functions on multivalue fields. */
const STATS_IN_EVAL: Record<string, string> = {
  values: 'mvdedup(mvsort(x))',
  list: 'the multivalue field itself',
  dc: 'mvcount(mvdedup(x))',
  distinct_count: 'mvcount(mvdedup(x))',
  count: 'mvcount(x)',
  first: 'mvindex(x, 0)',
  last: 'mvindex(x, -1)',
};
