import type { CommandNode, GenericArgNode, OptionNode } from '../../../spl/ast';
import type { RunContext } from '../context';
import { RunCode, RunError } from '../errors';
import type { Row } from '../row';

export type Emit = (row: Row) => void;

/**
 * A compiled pipeline stage. Streaming stages emit from `push`; blocking ones (stats, sort ...) hold
 * rows and emit from `finish`. Rows handed to `push` belong to the stage (it may change or drop them).
 */
export interface Stage {
  push(row: Row, emit: Emit): void;
  /** May return a promise (subsearches run here); the runner awaits it before the next stage's finish. */
  finish(emit: Emit): void | Promise<void>;
  /**
   * Asynchronous work the stage can do before the stages ahead of it finish (a join's subsearch), so
   * that it takes their rows as they come instead of holding them all. The runner starts every
   * stage's together once the input has ended.
   */
  prepareFinish?(): Promise<void>;
  /** True once the stage will emit nothing more (head): the runner may stop reading. */
  done?(): boolean;
  /** First stages only: conditions every event must meet to change this stage's output (eventGates.ts). */
  gates?: EventGate[];
  /**
   * A stage that handles each row on its own (no state across rows): where each field's value comes
   * from after it, given where it came from before (`origins`), and which by-fields its keep/drop
   * decision comes from; undefined when the decision may come from an aggregation, or it cannot
   * tell (keyFilter.ts).
   */
  keyFlow?(origins: FieldOrigins, present: ReadonlySet<string>): KeyFlow | undefined;
  /** A grouping stage (stats/tstats by): lets the stages after it drop a group as it is made (keyFilter.ts). */
  grouping?: GroupingStage;
}

/**
 * Per field of the rows after a grouping: the by-fields its value is a function of, or AGGREGATE
 * when it may come from an aggregation. A field not in the map is null in every row.
 */
export type FieldOrigins = ReadonlyMap<string, ReadonlySet<string> | typeof AGGREGATE>;

export const AGGREGATE = 'aggregate';

/** What a row-local stage does (Stage.keyFlow). */
export interface KeyFlow {
  origins: FieldOrigins;
  /** For a stage that may drop a row (search, where, regex, an inner join): the by-fields that decide it. */
  decidesFrom?: ReadonlySet<string>;
  /** Nothing after it can be followed: it writes fields it cannot name (a join, its subsearch's). */
  last?: true;
  /**
   * The fields with a value in every row after it (at first the by-fields: a null one makes no
   * group); absent: none is known to. A rename of such a field replaces its target's value for sure.
   */
  present?: ReadonlySet<string>;
}

/** A grouping stage that can be told to drop, as it is made, a group the stages after it would drop. */
export interface GroupingStage {
  readonly byFields: readonly string[];
  /** The fields of its rows that are not by-fields (its aggregations' names); undefined when not known (a wildcard aggregation). */
  aggregateNames(): string[] | undefined;
  /**
   * `keeps(row)` is called with a row of the `deciding` by-fields of a new group only (once per
   * distinct values of them); false: the group is dropped.
   */
  filterGroups(keeps: (keyRow: Row) => boolean, deciding: readonly string[]): void;
  /** Whether it was given a filter. */
  readonly filtersGroups: boolean;
}

/**
 * A condition an event must meet for the first stage to do anything with it: an event failing it
 * changes no row (only explain counts). A caller that reads the log for many searches (a hunt)
 * tests each distinct gate once per event, by `key`, and gives the event only to the searches whose
 * gates it passes. `metadataOnly`: the answer depends only on the event's source, sourcetype and
 * index (one answer per metadata object).
 */
export interface EventGate {
  key: string;
  metadataOnly: boolean;
  test(row: Row): boolean;
}

export interface CompileInfo {
  ctx: RunContext;
  /** Index of this stage in the pipeline. */
  stage: number;
  /** True for the first stage, which reads events. */
  first: boolean;
}

/** How one command (or a family of synonyms) is compiled. */
export interface CommandSpec {
  /** Lower-case command names this spec runs (`bin` and `bucket` ...). */
  names: string[];
  /** May stand first and read events (search, tstats); others need rows from a previous stage. */
  generating?: boolean;
  /** Must stand first (tstats). */
  firstOnly?: boolean;
  compile(node: CommandNode, info: CompileInfo): Stage;
}

/** The text of an option's value (a word or a quoted string). */
export function optionText(option: OptionNode): string {
  const value = option.value;
  if (!value) throw new RunError(RunCode.invalidArgument, `${option.name}= has no value`, option.span);
  if (value.kind === 'word') return value.text;
  if (value.kind === 'string') return value.value;
  throw new RunError(RunCode.invalidArgument, `${option.name}= needs a plain value here`, value.span);
}

/** Options by lower-case name; an option not in `allowed` fails the run naming it. */
export function readOptions(options: OptionNode[], allowed: string[], command: string): Map<string, OptionNode> {
  const found = new Map<string, OptionNode>();
  for (const option of options) {
    const name = option.name.toLowerCase();
    if (!allowed.includes(name)) {
      throw new RunError(RunCode.invalidArgument, `${command} option ${option.name}= is not supported by the local engine`, option.nameSpan);
    }
    found.set(name, option);
  }
  return found;
}

/** Fails the run when a command has arguments its grammar did not place (e.g. an unexpanded macro). */
export function rejectExtras(node: CommandNode): void {
  if (node.kind === 'macroCommand') return;
  const extra = node.extras[0];
  if (extra) throw new RunError(RunCode.invalidArgument, `'${extraText(extra)}' is not an argument the local engine understands for ${node.name}`, extra.span);
}

function extraText(extra: GenericArgNode): string {
  switch (extra.kind) {
    case 'word':
      return extra.text;
    case 'string':
      return extra.raw;
    case 'option':
      return `${extra.name}=`;
    case 'macroCall':
      return `\`${extra.name}\``;
    case 'subsearch':
      return '[...]';
  }
}

export function parseCount(text: string, span: { start: number; end: number }, what: string): number {
  if (!/^\d+$/.test(text)) throw new RunError(RunCode.invalidArgument, `${what} must be a whole number, got '${text}'`, span);
  return Number(text);
}

/** A streaming stage from a per-row function (return null to drop the row), with its keyFlow when it has one. */
export function streaming(fn: (row: Row) => Row | null, keyFlow?: Stage['keyFlow']): Stage {
  return {
    push(row, emit) {
      const out = fn(row);
      if (out) emit(out);
    },
    finish() {},
    ...(keyFlow ? { keyFlow } : {}),
  };
}
