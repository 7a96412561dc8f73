/**
 * Values of search expressions as rules see them: what a `field=value` or an `IN` list compares, and
 * the values one field is compared with across an `IN` list or an OR chain
 * (`f="a" OR f="b" OR f IN ("c", "d")`).
 */
import type {
  CommandNode,
  SearchCompareNode,
  SearchExprNode,
  SearchInNode,
  SearchOrNode,
  StringNode,
  WordNode,
} from '../spl/ast';
import type { AnyNode } from '../spl/visit';

export type SearchValueNode = WordNode | StringNode;

/** The text the search compares: a word as written, a string with `\"` and `\\` unescaped. */
export function searchValue(node: SearchValueNode): string {
  return node.kind === 'word' ? node.text : node.value;
}

export function isSearchValue(node: AnyNode | null | undefined): node is SearchValueNode {
  return node?.kind === 'word' || node?.kind === 'string';
}

export interface GroupedValue {
  node: SearchValueNode;
  /** The `field=value` holding it, when it is not in an IN list. */
  compare?: SearchCompareNode;
  /** The IN list holding it. */
  list?: SearchInNode;
  /** The OR chain operand the value stands in (the compare or the IN node), when in a chain. */
  operandIndex?: number;
}

/** Values one field is compared with (`=` only) in one IN list or one OR chain. */
export interface ValueGroup {
  field: string;
  values: GroupedValue[];
  /** The OR chain, when the group comes from one; its flattened operands. */
  chain?: { node: SearchOrNode; operands: SearchExprNode[] };
}

/** Operands of an OR chain, looking through parentheses and nested ORs. */
export function flattenOr(node: SearchOrNode): SearchExprNode[] {
  const operands: SearchExprNode[] = [];
  const pending: SearchExprNode[] = [...node.operands].reverse();
  while (pending.length > 0) {
    const operand = pending.pop()!;
    const inner = unwrapGroups(operand);
    if (inner?.kind === 'searchOr') pending.push(...[...inner.operands].reverse());
    else operands.push(operand);
  }
  return operands;
}

function unwrapGroups(node: SearchExprNode): SearchExprNode | null {
  let current: SearchExprNode | null = node;
  while (current?.kind === 'searchGroup') current = current.expr;
  return current;
}

/** Groups of an OR chain by field (fields compare case-sensitively, as Splunk's field names do). */
export function orChainGroups(node: SearchOrNode): ValueGroup[] {
  const operands = flattenOr(node);
  const byField = new Map<string, ValueGroup>();
  const groupFor = (field: string) => {
    let group = byField.get(field);
    if (!group) byField.set(field, (group = { field, values: [], chain: { node, operands } }));
    return group;
  };
  operands.forEach((operand, operandIndex) => {
    const inner = unwrapGroups(operand);
    if (inner?.kind === 'searchCompare' && inner.operator === '=' && isSearchValue(inner.value)) {
      groupFor(inner.field.name).values.push({ node: inner.value, compare: inner, operandIndex });
    } else if (inner?.kind === 'searchIn') {
      const group = groupFor(inner.field.name);
      for (const value of inner.values) if (isSearchValue(value)) group.values.push({ node: value, list: inner, operandIndex });
    }
  });
  return [...byField.values()].filter((g) => g.values.length > 0);
}

export function inListGroup(node: SearchInNode): ValueGroup {
  return { field: node.field.name, values: node.values.filter(isSearchValue).map((value) => ({ node: value, list: node })) };
}

/**
 * Whether a search node belongs to an OR chain that a rule visiting `searchOr` already covers:
 * the nearest ancestor that is not a parenthesis is an OR.
 */
export function insideOrChain(ancestors: readonly AnyNode[]): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i];
    if (node.kind === 'searchGroup') continue;
    return node.kind === 'searchOr';
  }
  return false;
}

/**
 * The groups a rule over "values of one field" should see for this node, each chain once: an OR
 * chain that is not itself part of a larger chain, or an IN list outside any chain.
 */
export function valueGroupsAt(node: SearchOrNode | SearchInNode, ancestors: readonly AnyNode[]): ValueGroup[] {
  if (insideOrChain(ancestors)) return [];
  return node.kind === 'searchOr' ? orChainGroups(node) : [inListGroup(node)];
}

/** How the values of a search expression are used, by the command holding it. */
export type SearchPlaceKind = 'index' | 'tstats' | 'filter' | 'lookup';

/**
 * `index`: the first command of a pipeline (what reads events from the index) or `from`;
 * `tstats`: a tstats/mstats `where`; `filter`: a later `search` command (filters results in memory);
 * `lookup`: an inputlookup `where`.
 */
export function searchPlace(command: CommandNode | undefined, commandIndex: number): SearchPlaceKind | undefined {
  if (!command) return undefined;
  switch (command.kind) {
    case 'search':
      return commandIndex === 0 ? 'index' : 'filter';
    case 'tstats':
    case 'mstats':
      return 'tstats';
    case 'from':
      return 'index';
    case 'inputlookup':
      return 'lookup';
    default:
      return undefined;
  }
}
