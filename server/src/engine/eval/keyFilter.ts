// Group filters: the commands after a grouping (`tstats ... by` / `stats ... by`) that keep or drop
// each row on its own, deciding only from by-fields, are run once per distinct values of the
// by-fields they decide from, and a group they drop is never made: it aggregates nothing, holds
// nothing and gives no row; an event whose deciding by-fields are already known to drop its group
// is let go before its other by-fields are worked out. The same rows come out: every decision up to
// the last filter so run reads only fields whose values are functions of those by-fields (each
// stage says where its fields come from: Stage.keyFlow; aggregations' fields, and whatever a
// command computes from them, end it). Many detections group every process event (`tstats ... by`
// a dozen process fields) and keep a few groups (`| lookup ... | search`, `| where`, `| regex`),
// deciding from one or two of the fields. Not under --explain (the filters' counts would change).
import type { SearchExprNode } from '../../spl/ast';
import type { CompiledStage } from './pipeline';
import { AGGREGATE, type Emit, type FieldOrigins, type KeyFlow, type Stage } from './commands/types';
import type { RunContext } from './context';
import type { Row } from './row';

type Origin = ReadonlySet<string> | typeof AGGREGATE;

const NONE: ReadonlySet<string> = new Set();

/** Gives each grouping stage of the pipeline the filter the row-local stages after it make. */
export function installGroupFilters(stages: readonly CompiledStage[], ctx: RunContext): void {
  if (ctx.explain.complete) return;
  stages.forEach(({ stage }, index) => {
    const grouping = stage.grouping;
    const aggregates = grouping?.aggregateNames();
    if (!grouping || !aggregates || grouping.byFields.length === 0) return;
    const start = new Map<string, Origin>(grouping.byFields.map((field) => [field, new Set([field])]));
    for (const name of aggregates) start.set(name, AGGREGATE);
    let origins: FieldOrigins = start;
    let present: ReadonlySet<string> = new Set(grouping.byFields);
    let lastFilter = -1;
    let deciding: ReadonlySet<string> = NONE;
    for (let next = index + 1; next < stages.length; next++) {
      const flow = stages[next].stage.keyFlow?.(origins, present);
      if (!flow) break;
      origins = flow.origins;
      present = flow.present ?? NONE;
      if (flow.decidesFrom) {
        lastFilter = next;
        deciding = new Set([...deciding, ...flow.decidesFrom]);
      }
      if (flow.last) break;
    }
    // A filter deciding from no by-field (the filter macro's `search *`) keeps every group or none: not worth a test per event.
    if (lastFilter < 0 || deciding.size === 0) return;
    grouping.filterGroups(keepsRow(stages.slice(index + 1, lastFilter + 1).map((s) => s.stage)), [...deciding]);
  });
}

/**
 * Whether a row comes out of the stages. A stage that fails on the deciding by-fields alone (an
 * eval of a null aggregation) keeps the group: its real row decides, as it would have.
 */
function keepsRow(stages: readonly Stage[]): (row: Row) => boolean {
  let kept = false;
  const emitters: Emit[] = new Array(stages.length + 1);
  emitters[stages.length] = () => {
    kept = true;
  };
  for (let i = stages.length - 1; i >= 0; i--) {
    const stage = stages[i];
    const next = emitters[i + 1];
    emitters[i] = (row) => stage.push(row, next);
  }
  return (row) => {
    kept = false;
    try {
      emitters[0](row);
    } catch {
      return true;
    }
    return kept;
  };
}

function union(a: Origin, b: Origin): Origin {
  if (a === AGGREGATE || b === AGGREGATE) return AGGREGATE;
  if (b.size === 0 || a === b) return a;
  if (a.size === 0) return b;
  return new Set([...a, ...b]);
}

/** Where the values of `names` come from together; a wildcard name may be any field. */
function originOf(origins: FieldOrigins, names: readonly string[]): Origin {
  let origin: Origin = NONE;
  for (const name of names) origin = union(origin, name.includes('*') ? AGGREGATE : (origins.get(name) ?? NONE));
  return origin;
}

/**
 * A stage that never drops a row and writes each field from the values of its inputs, in order. A
 * write may leave the old value (a null input), so the field keeps its old origin too.
 */
export function carries(origins: FieldOrigins, writes: Iterable<readonly [string, readonly string[]]>, present: ReadonlySet<string> = NONE): KeyFlow {
  const out = new Map(origins);
  const stillPresent = new Set(present);
  for (const [field, inputs] of writes) {
    write(out, field, originOf(out, inputs), out.get(field));
    stillPresent.delete(field);
  }
  return { origins: out, present: stillPresent };
}

/** A field written from values of `from`'s origin that may leave its old value (`before`'s origin): both. */
function write(out: Map<string, Origin>, field: string, from: Origin, before: Origin | undefined): void {
  const origin = union(from, before ?? NONE);
  if (origin === AGGREGATE || origin.size !== 0 || out.has(field)) out.set(field, origin);
}

/**
 * A rename: each target takes its source's value where the source has one (a source is then
 * null). A target with one source that has a value in every row (a by-field just after the
 * grouping) takes exactly that source's origin: `rename Processes.* AS *` after `values(Processes.process)
 * AS process ... by Processes.process` leaves `process` a by-field, not the aggregation.
 */
export function renames(origins: FieldOrigins, present: ReadonlySet<string>, moves: ReadonlyArray<readonly [from: string, to: string]>): KeyFlow {
  const sourcesOf = new Map<string, string[]>();
  for (const [from, to] of moves) sourcesOf.set(to, [...(sourcesOf.get(to) ?? []), from]);
  const out = new Map(origins);
  const after = new Set(present);
  for (const [from] of moves) after.delete(from);
  for (const [to, sources] of sourcesOf) {
    if (sources.length === 1 && present.has(sources[0])) {
      out.set(to, origins.get(sources[0]) ?? NONE);
      after.add(to);
      continue;
    }
    write(out, to, originOf(origins, sources), origins.get(to));
    after.delete(to);
  }
  return { origins: out, present: after };
}

/** A filter deciding from `reads` (undefined: it cannot tell what it reads): usable when none comes from an aggregation. */
export function filtersOn(origins: FieldOrigins, reads: readonly string[] | undefined, present?: ReadonlySet<string>): KeyFlow | undefined {
  if (!reads) return undefined;
  const origin = originOf(origins, reads);
  return origin === AGGREGATE ? undefined : { origins, decidesFrom: origin, ...(present ? { present } : {}) };
}

/** The fields a search expression decides from; undefined for a bare term (it reads the whole row), a term function, subsearch or macro. */
export function searchReads(expr: SearchExprNode | null): string[] | undefined {
  if (!expr) return [];
  switch (expr.kind) {
    case 'searchAnd':
    case 'searchOr': {
      const all: string[] = [];
      for (const operand of expr.operands) {
        const reads = searchReads(operand);
        if (!reads) return undefined;
        all.push(...reads);
      }
      return all;
    }
    case 'searchNot':
      return searchReads(expr.operand);
    case 'searchGroup':
      return searchReads(expr.expr);
    case 'searchCompare':
      return expr.value?.kind === 'word' || expr.value?.kind === 'string' ? [expr.field.name] : undefined;
    case 'searchIn':
      return expr.values.every((v) => v.kind === 'word' || v.kind === 'string') ? [expr.field.name] : undefined;
    case 'searchTerm':
      return expr.term.kind === 'word' && expr.term.text === '*' ? [] : undefined;
    default:
      return undefined;
  }
}
