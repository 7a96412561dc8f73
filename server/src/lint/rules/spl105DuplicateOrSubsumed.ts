/**
 * SPL105 duplicate-or-subsumed: a value listed twice, or a value that another value of the same list
 * already covers (`"*foo*"` matches everything `"*foo.exe*"` does).
 */
import type { EvalCallNode, EvalExprNode, EvalInNode, SearchInNode, SearchOrNode, StringNode } from '../../spl/ast';
import type { Span } from '../../text/span';
import type { Finding, Rule, RuleContext } from '../rule';
import { searchPlace, searchValue, valueGroupsAt, type GroupedValue, type ValueGroup } from '../searchValues';
import { globSubsumes, isOnlyWildcards } from '../wildcards';

export const duplicateOrSubsumed: Rule = {
  meta: {
    id: 'SPL105',
    name: 'duplicate-or-subsumed',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      duplicate: '{{value}} is listed twice for {{field}} (the search compares values without regard to case); the second one adds nothing.',
      evalDuplicate: '{{value}} is listed twice in this eval IN list; the second one adds nothing.',
      subsumed: '{{value}} adds nothing to {{field}}: {{broader}} already matches every value it matches.',
    },
    doc: {
      what:
        'In the values one field is compared with in one `IN (...)` list or one OR chain of a search expression: a value ' +
        'listed twice (ignoring case, as the search does), or a wildcard value that another value already covers ' +
        '(`"*foo*"` makes `"*foo.exe*"` useless). In eval `in(...)` / `IN (...)` lists: an exact duplicate (eval ' +
        'compares case-sensitively and without wildcards).',
      why:
        'A duplicate or covered value changes nothing that the search matches, but it tells the reader something false: ' +
        'that the list is more specific than it is, or that the narrower value was meant to be tested. It often means that ' +
        'one of the two was mistyped or that the broad value is broader than intended. Field values in the search command ' +
        'compare case-insensitively (Search Manual, "Use the search language": "Field values are not case-sensitive"), so ' +
        '`"CMD.EXE"` and `"cmd.exe"` are the same value there.',
      example: '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process IN ("*rundll32*", "*rundll32.exe*", "*regsvr32*", "*REGSVR32*")\n  by Processes.dest\n```',
      useInstead:
        '```spl\n| tstats count from datamodel=Endpoint.Processes\n  where Processes.process IN ("*rundll32*", "*regsvr32*")\n  by Processes.dest\n```\n' +
        'The quick fix removes an exact duplicate (same text, or same text in another case in a search). A covered value is ' +
        'only reported: decide whether the broad value or the narrow one is what you meant.',
    },
  },
  create(context) {
    const visitSearch = (node: SearchOrNode | SearchInNode) => {
      const place = searchPlace(context.command(), context.commandIndex());
      if (place === undefined) return;
      for (const group of valueGroupsAt(node, context.ancestors())) checkGroup(context, group);
    };
    return {
      searchOr: visitSearch,
      searchIn: visitSearch,
      evalCall(node: EvalCallNode) {
        if (node.name.toLowerCase() === 'in' && node.args.length > 2) checkEvalList(context, node.args.slice(1), node.args);
      },
      evalIn(node: EvalInNode) {
        checkEvalList(context, node.values, node.values);
      },
    };
  },
};

function checkGroup(context: RuleContext, group: ValueGroup): void {
  // Linear in the list's length apart from wildcard pairs: lists of 10,000 values stay fast (docs/limits.md).
  const seen: { value: string; item: GroupedValue }[] = [];
  const seenValues = new Set<string>();
  for (const item of group.values) {
    const value = searchValue(item.node).toLowerCase();
    const shown = item.node.kind === 'string' ? item.node.raw : item.node.text;
    if (seenValues.has(value)) {
      const finding: Finding = { span: item.node.span, messageId: 'duplicate', data: { value: shown, field: group.field } };
      const removal = removalSpan(group, item);
      if (removal) finding.fix = { title: `Remove the duplicate ${shown}`, edits: [{ span: removal, newText: '' }] };
      context.report(finding);
      continue;
    }
    seenValues.add(value);
    seen.push({ value, item });
  }
  const unique = seen;
  // Values are unique here, so only a wildcard value can cover another one.
  const broadCandidates = unique.filter((b) => b.value.includes('*') && !isOnlyWildcards(b.value));
  if (broadCandidates.length === 0) return;
  for (const narrow of unique) {
    const broad = broadCandidates.find((b) => b !== narrow && globSubsumes(b.value, narrow.value) && !globSubsumes(narrow.value, b.value));
    if (!broad) continue;
    const shown = (n: GroupedValue['node']) => (n.kind === 'string' ? n.raw : n.text);
    context.report({
      span: narrow.item.node.span,
      messageId: 'subsumed',
      data: { value: shown(narrow.item.node), broader: shown(broad.item.node), field: group.field },
    });
  }
}

/** The text to delete to drop `item`: its list separator and itself, or its ` OR field=value` operand. */
function removalSpan(group: ValueGroup, item: GroupedValue): Span | undefined {
  if (item.list) return listRemoval(item.list.values, item.list.values.indexOf(item.node));
  if (group.chain && item.operandIndex !== undefined && item.operandIndex > 0 && item.compare) {
    const operands = group.chain.operands;
    if (operands[item.operandIndex] !== item.compare) return undefined;
    return { start: operands[item.operandIndex - 1].span.end, end: item.compare.span.end };
  }
  return undefined;
}

function listRemoval(values: readonly { span: Span }[], index: number): Span | undefined {
  if (index > 0) return { start: values[index - 1].span.end, end: values[index].span.end };
  if (index === 0 && values.length > 1) return { start: values[0].span.start, end: values[1].span.start };
  return undefined;
}

/** Eval lists compare exactly: only identical strings are duplicates. */
function checkEvalList(context: RuleContext, values: readonly EvalExprNode[], all: readonly EvalExprNode[]): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (value.kind !== 'string') continue;
    const text = (value as StringNode).value;
    if (!seen.has(text)) {
      seen.add(text);
      continue;
    }
    const removal = listRemoval(all, all.indexOf(value));
    context.report({
      span: value.span,
      messageId: 'evalDuplicate',
      data: { value: value.raw },
      ...(removal ? { fix: { title: `Remove the duplicate ${value.raw}`, edits: [{ span: removal, newText: '' }] } } : {}),
    });
  }
}
