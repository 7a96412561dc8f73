/**
 * SPL101 wildcard-in-eval: `*` inside an eval/where string compared with `=`, `==`, `!=` or listed in
 * `in(...)` / `IN (...)` is an asterisk, not a wildcard. Eval matches patterns only with like()
 * (`%`, `_`), match() or searchmatch().
 */
import type { EvalBinaryNode, EvalCallNode, EvalExprNode, EvalInNode, StringNode } from '../../spl/ast';
import type { AnyNode } from '../../spl/visit';
import type { Finding, Rule, RuleContext } from '../rule';

const EQUALITY = new Set(['=', '==', '!=']);

export const wildcardInEval: Rule = {
  meta: {
    id: 'SPL101',
    name: 'wildcard-in-eval',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      compare:
        '`*` in {{value}} is a literal asterisk in eval/where: `{{operator}}` compares the whole text. ' +
        'Use like({{field}}, "{{like}}") to match a pattern.',
      list:
        '`*` in {{value}} is a literal asterisk in an eval/where IN list. Use like() per value, e.g. ' +
        '`like({{field}}, "{{like}}") OR ...`, or move the test into a search command where `*` is a wildcard.',
    },
    doc: {
      what:
        'A double-quoted string containing `*` that `eval` or `where` compares with `=`, `==` or `!=`, or that ' +
        'is listed in `in(field, ...)` / `field IN (...)` inside an eval expression.',
      why:
        'In the `search` command `*` is a wildcard; in eval expressions (`eval`, `where`, `eval(...)` inside ' +
        '`stats`, `if()`...) it is an ordinary character. `where process="*foo*"` is true only for the ' +
        'eleven-character text `*foo*`, so the condition silently never matches. The Search Reference ' +
        '(`where` command, "Usage") says to use `like()` with `%` and `_` for wildcard matching in `where`, ' +
        'and the Search Manual ("Wildcards") lists `like` with `%`/`_` as the wildcard of `eval` and `where`.',
      example: '```spl\n... | where process_name="*powershell*"\n... | eval suspicious=if(in(cmd, "*-enc*", "*-e *"), 1, 0)\n```',
      useInstead:
        '```spl\n... | where like(process_name, "%powershell%")\n... | eval suspicious=if(like(cmd, "%-enc%") OR like(cmd, "%-e %"), 1, 0)\n```\n' +
        'The quick fix rewrites `x="*foo*"` to `like(x, "%foo%")` and `x!="*foo*"` to `NOT like(x, "%foo%")` ' +
        'when the value holds no `%`, `_` or `\\` (characters that like() or the eval string would read differently). ' +
        'Values in `in()` / `IN (...)` are reported without a fix. A string without `*` is not reported: ' +
        '`where process_name="powershell.exe"` is an exact comparison and is fine.',
    },
  },
  create(context) {
    return {
      evalBinary(node) {
        checkComparison(context, node);
      },
      evalCall(node) {
        if (node.name.toLowerCase() !== 'in' || node.args.length < 2) return;
        checkList(context, node.args[0], node.args.slice(1));
      },
      evalIn(node: EvalInNode) {
        checkList(context, node.operand, node.values);
      },
    };
  },
};

/**
 * A string holding `*` next to other text. A lone `"*"` is left alone: literal asterisks are real
 * values (an AWS policy's `"Action": "*"`), so comparing with one is as likely meant as not.
 */
function isWildcardString(node: EvalExprNode | null): node is StringNode {
  return node?.kind === 'string' && node.value.includes('*') && /[^*]/.test(node.value);
}

function checkComparison(context: RuleContext, node: EvalBinaryNode): void {
  if (!EQUALITY.has(node.operator) || !node.right) return;
  const [pattern, subject] = isWildcardString(node.right)
    ? [node.right, node.left]
    : isWildcardString(node.left)
      ? [node.left, node.right]
      : [undefined, undefined];
  if (!pattern || !subject || subject.kind === 'string') return;
  const subjectText = context.text.slice(subject.span.start, subject.span.end);
  const like = likePattern(pattern.value);
  const finding: Finding = {
    span: pattern.span,
    messageId: 'compare',
    data: { value: pattern.raw, operator: node.operator, field: subjectText, like: like.pattern },
  };
  if (like.certain) {
    const call = `like(${subjectText}, "${like.pattern}")`;
    const negated = node.operator === '!=';
    const newText = negated ? wrapIfNeeded(context.ancestors(), `NOT ${call}`) : call;
    finding.fix = { title: `Replace with ${negated ? 'NOT ' : ''}like()`, edits: [{ span: node.span, newText }] };
  }
  context.report(finding);
}

function checkList(context: RuleContext, subject: EvalExprNode, values: readonly EvalExprNode[]): void {
  const subjectText = context.text.slice(subject.span.start, subject.span.end);
  for (const value of values) {
    if (!isWildcardString(value)) continue;
    context.report({
      span: value.span,
      messageId: 'list',
      data: { value: value.raw, field: subjectText, like: likePattern(value.value).pattern },
    });
  }
}

/**
 * The like() pattern for a search-style wildcard value. Certain only when nothing but `*` needs
 * translating: `%` and `_` are like()'s own wildcards and `\` is an eval string escape.
 */
export function likePattern(value: string): { pattern: string; certain: boolean } {
  const certain = !/[%_\\"]/.test(value);
  return { pattern: value.replace(/\*/g, '%'), certain };
}

/** `NOT like(...)` binds like NOT; parenthesise it where a tighter operator surrounds it. */
function wrapIfNeeded(ancestors: readonly AnyNode[], text: string): string {
  const parent = ancestors[ancestors.length - 1];
  if (!parent) return text;
  if (parent.kind === 'evalBinary' && !['AND', 'OR', 'XOR'].includes(parent.operator)) return `(${text})`;
  return text;
}
