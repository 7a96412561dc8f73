// The gates of a first stage (commands/types.ts, EventGate): conditions that must hold of an event
// for the stage to keep it, cheap to test and shared by many searches, so a caller that gives each
// event to many searches (a hunt) tests each once. A search's gates are its top-level AND clauses
// made only of `field=value` / `field IN (...)` on source, sourcetype or index (one answer per event
// metadata), or a single `field=value` on another field (EventCode=4688: one answer per event);
// tstats' gate is its dataset's membership.
import type { SearchExprNode } from '../../spl/ast';
import type { DatasetView } from './cimView';
import type { EventGate } from './commands/types';
import type { RunContext } from './context';
import { ExplainRecorder } from './explain';
import { compileSearch } from './searchMatch';

const METADATA_FIELDS = new Set(['source', 'sourcetype', 'index']);

type Gate = EventGate;

/** A subtree of ORs, groups, `=` compares and INs on metadata fields, with plain values. */
function onMetadataOnly(node: SearchExprNode): boolean {
  switch (node.kind) {
    case 'searchOr':
      return node.operands.every(onMetadataOnly);
    case 'searchGroup':
      return node.expr !== null && onMetadataOnly(node.expr);
    case 'searchCompare':
      return node.operator === '=' && METADATA_FIELDS.has(node.field.name) && plain(node.value);
    case 'searchIn':
      return METADATA_FIELDS.has(node.field.name) && node.values.every(plain);
    default:
      return false;
  }
}

function plain(value: { kind: string } | null): boolean {
  return value !== null && (value.kind === 'word' || value.kind === 'string');
}

/** `EventCode=4688`: a single compare with a plain value on an extracted field. */
function singleCompare(node: SearchExprNode): boolean {
  return node.kind === 'searchCompare' && node.operator === '=' && !METADATA_FIELDS.has(node.field.name) && !node.field.name.startsWith('_') && node.field.name !== 'host' && plain(node.value);
}

/** The gates of a first-stage search expression (none when it has no such clause). */
export function searchGates(expr: SearchExprNode | null, ctx: RunContext, stage: number): Gate[] {
  if (!expr) return [];
  const clauses = expr.kind === 'searchAnd' ? expr.operands : [expr];
  const gates: Gate[] = [];
  // Compiled on the side: the run's own clauses are counted by its own compilation, once.
  const aside = new ExplainRecorder(false);
  for (const clause of clauses) {
    const metadataOnly = onMetadataOnly(clause);
    if (!metadataOnly && !singleCompare(clause)) continue;
    const key = `${metadataOnly ? 'meta' : 'event'}:${ctx.source(clause.span).replace(/\s+/g, ' ')}`;
    gates.push({ key, metadataOnly, test: compileSearch(clause, ctx, stage, aside) });
  }
  return gates;
}

/** tstats over a dataset: an event outside it adds nothing. */
export function datasetGate(view: DatasetView): Gate {
  return { key: `dataset:${view.key}`, metadataOnly: false, test: (row) => row.event !== undefined && view.bind(row.event) !== undefined };
}
