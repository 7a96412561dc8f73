// Counts behind `--explain` and the editor's inlay hints: per leaf predicate of a search (each term,
// comparison and IN value) how many events satisfied it, and per pipeline stage how many rows went in
// and out. Spans here are in the EXPANDED search; runDetection maps them into the edited file.
import type { Span } from '../../text/span';

export type PredicateKind = 'term' | 'compare' | 'in-value' | 'dataset' | 'subsearch';

export interface PredicateCount {
  kind: PredicateKind;
  /** The predicate as written in the expanded search; for an IN value, `field=value`. */
  label: string;
  span: Span;
  /** Index of the pipeline stage it belongs to. */
  stage: number;
  /** Events (or rows) it was evaluated on. */
  evaluated: number;
  /** Events (or rows) that satisfied it. */
  satisfied: number;
}

export interface StageCount {
  stage: number;
  command: string;
  span: Span;
  rowsIn: number;
  rowsOut: number;
}

/**
 * Collects the counts of one run. With `complete` set, every leaf of a search expression is evaluated
 * on every row (no short-circuit), so each count is independent of the order of the clauses.
 */
export class ExplainRecorder {
  readonly predicates: PredicateCount[] = [];
  readonly stages: StageCount[] = [];

  constructor(readonly complete: boolean) {}

  predicate(kind: PredicateKind, label: string, span: Span, stage: number): PredicateCount {
    const counter: PredicateCount = { kind, label, span, stage, evaluated: 0, satisfied: 0 };
    this.predicates.push(counter);
    return counter;
  }

  stage(stage: number, command: string, span: Span): StageCount {
    const counter: StageCount = { stage, command, span, rowsIn: 0, rowsOut: 0 };
    this.stages.push(counter);
    return counter;
  }
}
