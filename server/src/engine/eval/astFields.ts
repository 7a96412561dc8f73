import type { EvalExprNode } from '../../spl/ast';

/** The fields an expression reads (for mvfilter/mvmap, which iterate one field's values). */
export function fieldsRead(node: EvalExprNode): string[] {
  const names: string[] = [];
  const stack: unknown[] = [node];
  while (stack.length) {
    const current = stack.pop() as Record<string, unknown> | null;
    if (!current || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      stack.push(...current);
      continue;
    }
    if (current.kind === 'field' && typeof current.name === 'string') {
      if (!names.includes(current.name)) names.push(current.name);
      continue;
    }
    for (const [key, value] of Object.entries(current)) if (key !== 'span' && typeof value === 'object') stack.push(value);
  }
  return names;
}
