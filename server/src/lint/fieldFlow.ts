/**
 * Field flow through one pipeline: for each command, the fields it reads (in a way that changes its
 * results when they are null: filters, computations, group-by fields, lookups, extractions) and the
 * field set after it (fieldSet.ts). Commands whose effect on the fields is not modelled make the set
 * unknown, so a finding is only made where every command since the last `stats`/`tstats`/`table` is
 * understood.
 */
import type { AggregationNode, CommandNode, EvalExprNode, FieldNode, OptionNode, SearchExprNode } from '../spl/ast';
import { walk, type AnyNode } from '../spl/visit';
import { checkPcre } from './pcre';
import { UNKNOWN, addFields, keepFields, knownSet, removeFields, renameField, type FieldSet, type Producer } from './fieldSet';

export interface FieldRead {
  field: FieldNode;
  /** How the command uses it, for messages: `filter`, `group`, `compute`, `input`. */
  use: 'filter' | 'group' | 'compute' | 'input';
}

/** Eval functions meant for possibly-null values: a null argument is what they test or replace. */
const NULL_TOLERANT = new Set(['isnull', 'isnotnull', 'coalesce', 'nullif', 'typeof', 'mvappend']);
/** Search-time modifiers and metadata that a `search` names like fields. */
const SEARCH_MODIFIERS = /^(earliest|latest|starttime|endtime|start(hours|days|minutes|months)ago|end(hours|days|minutes|months)ago|timeformat|index|sourcetype|source|host|eventtype|tag|savedsearch|splunk_server|splunk_server_group|_index_earliest|_index_latest)$/i;
/** Bare eval words people use as constants (`null` for a null value). */
const EVAL_CONSTANTS = new Set(['null', 'true', 'false', 'NULL', 'TRUE', 'FALSE']);
/** Commands that pass their input fields through unchanged. */
const PASS_THROUGH = new Set(['reverse', 'tail', 'filldown', 'nomv', 'collect', 'sendemail', 'uniq', 'localop', 'require', 'outputcsv', 'fieldformat', 'xmlunescape', 'highlight', 'abstract', 'noop']);
const IPLOCATION_FIELDS = ['City', 'Continent', 'Country', 'MetroCode', 'Region', 'Timezone', 'lat', 'lon'];
const TRANSACTION_FIELDS = ['duration', 'eventcount', 'closed_txn', 'field_match_sum', 'linecount', '_raw', '_time'];
const ADDINFO_FIELDS = ['info_min_time', 'info_max_time', 'info_search_time', 'info_sid'];

/** Whether a name is a plain field name the flow can judge (no wildcard, template or token). */
export function isJudgeable(name: string): boolean {
  return name.length > 0 && !/[*$<>{}]|::/.test(name) && !EVAL_CONSTANTS.has(name);
}

/** One step of a command: what it reads, then how it changes the fields. */
export interface FieldStep {
  reads: FieldRead[];
  apply(before: FieldSet): FieldSet;
}

/**
 * A command as steps: one for most commands; one per assignment for `eval`, whose assignments run in
 * order (`eval a=1, b=a+1` reads the new `a`).
 */
export function fieldSteps(stage: CommandNode): FieldStep[] {
  if (stage.kind === 'eval') {
    return stage.assignments.map((assignment) => ({
      reads: evalFields(assignment.expr).filter((f) => isJudgeable(f.name)).map((field) => ({ field, use: 'compute' as const })),
      apply: (before: FieldSet) => (isJudgeable(assignment.field.name) ? addFields(before, [assignment.field.name]) : UNKNOWN),
    }));
  }
  return [{ reads: fieldReads(stage), apply: (before: FieldSet) => applyStage(stage, before) }];
}

/** Fields `stage` reads, in source order (subsearches are their own pipelines and are left out). */
export function fieldReads(stage: CommandNode): FieldRead[] {
  const reads: FieldRead[] = [];
  const add = (field: FieldNode | null | undefined, use: FieldRead['use']) => {
    if (field && isJudgeable(field.name)) reads.push({ field, use });
  };
  switch (stage.kind) {
    case 'search':
      if (!stage.implicit) searchFields(stage.expr).forEach((f) => add(f, 'filter'));
      break;
    case 'where':
      evalFields(stage.expr).forEach((f) => add(f, 'filter'));
      break;
    case 'stats':
    case 'eventstats':
    case 'streamstats':
    case 'chart':
    case 'timechart':
      stage.aggregations.forEach((a) => aggregationFields(a).forEach((f) => add(f, 'compute')));
      stage.by.forEach((f) => add(f, 'group'));
      add(stage.over, 'group');
      break;
    case 'top':
    case 'rare':
      stage.fields.forEach((f) => add(f, 'group'));
      stage.by.forEach((f) => add(f, 'group'));
      break;
    case 'lookup':
      stage.inputs.forEach((i) => add(i.alias ?? i.field, 'input'));
      break;
    case 'bin':
    case 'mvexpand':
    case 'makemv':
    case 'iplocation':
      add(stage.field, 'input');
      break;
    case 'dedup':
    case 'transaction':
    case 'join':
      stage.fields.forEach((f) => add(f, 'group'));
      break;
  }
  return reads;
}

/** The field set after `stage`, given the set before it. */
export function applyStage(stage: CommandNode, before: FieldSet): FieldSet {
  const producer: Producer = { command: 'name' in stage ? stage.name : 'macro', span: stage.span };
  switch (stage.kind) {
    case 'tstats':
    case 'mstats': {
      if (truthyOption(stage.options, 'prestats') || truthyOption(stage.options, 'append')) return UNKNOWN;
      // mstats groups by _time whenever it has a span; tstats only when `by _time` says so.
      const time = stage.kind === 'mstats' && optionText(stage.options, 'span') !== undefined ? ['_time'] : [];
      return knownSet([...stage.aggregations.map(aggregationName), ...stage.by.map((f) => f.name), ...time], producer);
    }
    case 'stats':
      return knownSet([...stage.aggregations.map(aggregationName), ...stage.by.map((f) => f.name)], producer);
    case 'eventstats':
    case 'streamstats':
      return addFields(before, stage.aggregations.map(aggregationName));
    case 'top':
    case 'rare': {
      const count = optionText(stage.options, 'countfield') ?? 'count';
      const percent = optionText(stage.options, 'percentfield') ?? 'percent';
      return knownSet([...stage.fields, ...stage.by].map((f) => f.name).concat(count, percent), producer);
    }
    case 'eval':
      return fieldSteps(stage).reduce((set, step) => step.apply(set), before);
    case 'rename':
      return stage.pairs.reduce((set, pair) => (pair.to ? renameField(set, pair.from.name, pair.to.name) : set), before);
    case 'table':
      return keepFields(before, stage.fields.map((f) => f.name), producer);
    case 'fields':
      if (stage.mode === '-') return removeFields(before, stage.fields.map((f) => f.name));
      return keepFields(before, stage.fields.map((f) => f.name), producer);
    case 'fillnull':
      return addFields(before, stage.fields.map((f) => f.name));
    case 'lookup':
      if (!stage.outputKeyword || stage.outputs.length === 0) return UNKNOWN;
      return addFields(before, stage.outputs.map((o) => (o.alias ?? o.field).name));
    case 'rex':
      return rexEffect(stage, before);
    case 'spath': {
      const output = optionText(stage.options, 'output') ?? optionText(stage.options, 'path') ?? (stage.path?.kind === 'word' ? stage.path.text : stage.path?.value);
      return output ? addFields(before, [output]) : UNKNOWN;
    }
    case 'iplocation': {
      const prefix = optionText(stage.options, 'prefix') ?? '';
      return addFields(before, IPLOCATION_FIELDS.map((f) => prefix + f));
    }
    case 'bin':
      return stage.alias ? addFields(before, [stage.alias.name]) : before;
    case 'convert':
      return addFields(before, stage.conversions.flatMap((c) => (c.alias ? [c.alias.name] : [])));
    case 'transaction':
      return addFields(before, TRANSACTION_FIELDS);
    case 'addtotals':
      return addFields(before, [optionText(stage.options, 'fieldname') ?? 'Total', ...(optionText(stage.options, 'labelfield') ? [optionText(stage.options, 'labelfield')!] : [])]);
    case 'search':
    case 'where':
    case 'regex':
    case 'dedup':
    case 'sort':
    case 'head':
    case 'mvexpand':
    case 'makemv':
    case 'outputlookup':
      return before;
    case 'generic': {
      const name = stage.name.toLowerCase();
      if (PASS_THROUGH.has(name)) return before;
      if (name === 'addinfo') return addFields(before, ADDINFO_FIELDS);
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/** The output name of an aggregation: its alias, or the call as written without spaces (`values(x)`). */
export function aggregationName(node: AggregationNode): string {
  if (node.alias) return node.alias.name;
  if (!node.args) return node.func;
  const args = node.args.map((a) => (a.kind === 'field' ? a.name : a.kind === 'word' ? a.text : a.kind === 'string' ? a.raw : '?'));
  return `${node.func}(${args.join(',')})`;
}

function rexEffect(stage: Extract<CommandNode, { kind: 'rex' }>, before: FieldSet): FieldSet {
  const mode = optionText(stage.options, 'mode');
  if (mode?.toLowerCase() === 'sed' || !stage.regex || stage.regex.kind !== 'string') return before;
  const check = checkPcre(stage.regex.value);
  const names = check.groupNames.filter((n) => n.length > 0);
  if (check.unchecked.length > 0 && names.length === 0) return UNKNOWN;
  const extra = optionText(stage.options, 'offset_field');
  return addFields(before, extra ? [...names, extra] : names);
}

function optionText(options: readonly OptionNode[], name: string): string | undefined {
  const option = options.find((o) => o.name.toLowerCase() === name);
  const value = option?.value;
  if (value?.kind === 'word') return value.text;
  if (value?.kind === 'string') return value.value;
  return undefined;
}

function truthyOption(options: readonly OptionNode[], name: string): boolean {
  const text = optionText(options, name)?.toLowerCase();
  return text !== undefined && ['t', 'true', '1', 'yes'].includes(text);
}

function searchFields(expr: SearchExprNode | null): FieldNode[] {
  const found: FieldNode[] = [];
  if (!expr) return found;
  walk(expr, (node) => {
    if (node.kind === 'subsearch') return 'skip';
    if ((node.kind === 'searchCompare' || node.kind === 'searchIn') && !SEARCH_MODIFIERS.test(node.field.name)) found.push(node.field);
  });
  return found;
}

/**
 * Field references of an eval expression, outside functions meant for null values. A field the
 * expression tests with isnull()/isnotnull() anywhere is guarded (`case(isnotnull(src), src, ...)`)
 * and left out everywhere in it. An unquoted dotted name (`a.b`) is left out too: eval may read it
 * as the concatenation of `a` and `b`.
 */
function evalFields(expr: EvalExprNode | null): FieldNode[] {
  const found: FieldNode[] = [];
  if (!expr) return found;
  const guarded = new Set<string>();
  walk(expr, (node: AnyNode) => {
    if (node.kind === 'subsearch') return 'skip';
    if (node.kind === 'evalCall' && NULL_TOLERANT.has(node.name.toLowerCase())) {
      walk(node, (inner) => {
        if (inner.kind === 'field') guarded.add(inner.name);
      });
      return 'skip';
    }
    if (node.kind === 'field' && (node.quoted || !node.name.includes('.'))) found.push(node);
  });
  return found.filter((f) => !guarded.has(f.name));
}

function aggregationFields(node: AggregationNode): FieldNode[] {
  const found: FieldNode[] = [];
  for (const arg of node.args ?? []) {
    if (arg.kind === 'field') found.push(arg);
    else if (arg.kind === 'evalCall') for (const inner of arg.args) found.push(...evalFields(inner));
  }
  return found;
}
