/**
 * Generic traversal of the SPL syntax tree. Sub-nodes are found by shape (any property holding an
 * object with `kind` and `span`, or an array of them), so new node types need no changes here.
 * `walk` uses an explicit stack: deep trees (long `a+b+c+...` chains) cannot overflow the call stack.
 */
import type { SplNode } from './ast';

export type AnyNode = SplNode;

function isNode(value: unknown): value is AnyNode {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as { kind?: unknown; span?: unknown };
  return typeof candidate.kind === 'string' && typeof candidate.span === 'object' && candidate.span !== null;
}

/** The direct sub-nodes of `node`, in source order. */
export function children(node: AnyNode): AnyNode[] {
  const found: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) found.push(item);
    } else if (isNode(value)) {
      found.push(value);
    }
  }
  return found.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
}

/** Return 'skip' from `enter` to leave a node's children out. */
export interface Visitor {
  enter?(node: AnyNode, parent: AnyNode | null): void | 'skip';
  leave?(node: AnyNode, parent: AnyNode | null): void;
}

/** Depth-first, pre-order walk (`enter` before children, `leave` after), in source order. */
export function walk(root: AnyNode, visitor: Visitor | ((node: AnyNode, parent: AnyNode | null) => void | 'skip')): void {
  const { enter, leave } = typeof visitor === 'function' ? { enter: visitor, leave: undefined } : visitor;
  type Frame = { node: AnyNode; parent: AnyNode | null; leaving: boolean };
  const stack: Frame[] = [{ node: root, parent: null, leaving: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.leaving) {
      leave?.(frame.node, frame.parent);
      continue;
    }
    const decision = enter?.(frame.node, frame.parent);
    if (leave) stack.push({ node: frame.node, parent: frame.parent, leaving: true });
    if (decision === 'skip') continue;
    const kids = children(frame.node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], parent: frame.node, leaving: false });
  }
}

/** Every node of the tree, in walk order. */
export function allNodes(root: AnyNode): AnyNode[] {
  const nodes: AnyNode[] = [];
  walk(root, (node) => {
    nodes.push(node);
  });
  return nodes;
}

/** The innermost nodes containing `offset` (start <= offset < end), outermost first. */
export function nodesAt(root: AnyNode, offset: number): AnyNode[] {
  const path: AnyNode[] = [];
  walk(root, (node) => {
    if (offset < node.span.start || offset >= node.span.end) return 'skip';
    path.push(node);
  });
  return path;
}
