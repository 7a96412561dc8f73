/**
 * Command nodes of the SPL syntax tree (one shape per command family). Shared pieces are in ast.ts.
 *
 * Every typed command keeps `extras`: arguments its grammar did not place, such as a macro call standing
 * between the command name and its options (`| tstats `summariesonly` count ...`). A macro can expand to
 * anything, so the parser files it there instead of reporting an error.
 */
import type { Span } from '../text/span';
import type {
  EvalAssignmentNode,
  EvalCallNode,
  EvalExprNode,
  FieldNode,
  KeywordNode,
  MacroCallNode,
  NodeBase,
  OptionNode,
  SearchExprNode,
  StringNode,
  SubsearchNode,
  WordNode,
} from './ast';

/** A raw argument of a command the parser has no typed grammar for (or a misplaced one). */
export type GenericArgNode = OptionNode | WordNode | StringNode | MacroCallNode | SubsearchNode;

interface CommandBase extends NodeBase {
  /** Command name as written (`stats`, `STATS`, `bucket` ...). */
  name: string;
  nameSpan: Span;
  extras: GenericArgNode[];
}

// ---------------------------------------------------------------- parts

/** `count`, `min(_time) AS firstTime`, `values(X.y)`, `count(eval(x>1)) as n`, `dc(user)`. */
export interface AggregationNode extends NodeBase {
  kind: 'aggregation';
  func: string;
  funcSpan: Span;
  /** Null without parentheses (`count`). Items are fields, `eval(...)` calls or literal words/strings. */
  args: Array<FieldNode | EvalCallNode | WordNode | StringNode> | null;
  asKeyword: KeywordNode | null;
  alias: FieldNode | null;
}

/** `from AS to` in `rename`. */
export interface RenamePairNode extends NodeBase {
  kind: 'renamePair';
  from: FieldNode;
  asKeyword: KeywordNode | null;
  /** Null when `AS <field>` is missing (a diagnostic was reported). */
  to: FieldNode | null;
}

/** `ctime(field) AS alias` in `convert`. */
export interface ConvertFunctionNode extends NodeBase {
  kind: 'convertFunction';
  func: string;
  funcSpan: Span;
  field: FieldNode | null;
  asKeyword: KeywordNode | null;
  alias: FieldNode | null;
}

/**
 * A field of `lookup`: `field` is the name in the lookup table, `alias` the name in the events
 * (`lookup t user AS src_user OUTPUT risk AS user_risk`).
 */
export interface LookupFieldNode extends NodeBase {
  kind: 'lookupField';
  field: FieldNode;
  asKeyword: KeywordNode | null;
  alias: FieldNode | null;
}

/** `-count`, `+ num(x)`, `str(user)`. */
export interface SortKeyNode extends NodeBase {
  kind: 'sortKey';
  direction: '+' | '-' | null;
  directionSpan: Span | null;
  /** `num`, `str`, `ip` or `auto` when the field is wrapped in one. */
  func: string | null;
  field: FieldNode;
}

export type CommandPartNode =
  | AggregationNode
  | RenamePairNode
  | ConvertFunctionNode
  | LookupFieldNode
  | SortKeyNode;

// ---------------------------------------------------------------- commands

/** `search <expr>` or the implicit search that starts a pipeline. */
export interface SearchCommandNode extends CommandBase {
  kind: 'search';
  /** True for the implicit first command; then `nameSpan` is empty at the expression's start. */
  implicit: boolean;
  expr: SearchExprNode | null;
}

/** `| tstats [options] <aggregations> [FROM datamodel=X] [WHERE <search>] [BY fields [span=]]`. */
export interface TstatsCommandNode extends CommandBase {
  kind: 'tstats';
  /** All `name=value` options wherever they stand (before the aggregations, after BY: `span=1h`). */
  options: OptionNode[];
  aggregations: AggregationNode[];
  fromKeyword: KeywordNode | null;
  /** `datamodel=Endpoint.Processes` (also without FROM) or the namespace after FROM. */
  source: OptionNode | WordNode | null;
  whereKeyword: KeywordNode | null;
  where: SearchExprNode | null;
  byKeyword: KeywordNode | null;
  by: FieldNode[];
}

/** `| mstats <aggregations> WHERE <search> [BY fields] [span=]`. */
export interface MstatsCommandNode extends CommandBase {
  kind: 'mstats';
  options: OptionNode[];
  aggregations: AggregationNode[];
  whereKeyword: KeywordNode | null;
  where: SearchExprNode | null;
  byKeyword: KeywordNode | null;
  by: FieldNode[];
}

/** stats, eventstats, streamstats, chart, timechart: options, aggregations, `BY` (and chart's `OVER`). */
export interface StatsCommandNode extends CommandBase {
  kind: 'stats' | 'eventstats' | 'streamstats' | 'chart' | 'timechart';
  options: OptionNode[];
  aggregations: AggregationNode[];
  overKeyword: KeywordNode | null;
  over: FieldNode | null;
  byKeyword: KeywordNode | null;
  by: FieldNode[];
}

/** `top` / `rare`: `[options] fields [BY fields]`. */
export interface TopCommandNode extends CommandBase {
  kind: 'top' | 'rare';
  options: OptionNode[];
  fields: FieldNode[];
  byKeyword: KeywordNode | null;
  by: FieldNode[];
}

export interface WhereCommandNode extends CommandBase {
  kind: 'where';
  expr: EvalExprNode | null;
}

/** `eval a=1, b=2`. */
export interface EvalCommandNode extends CommandBase {
  kind: 'eval';
  assignments: EvalAssignmentNode[];
}

/** `rename a AS b, c.* AS *`. */
export interface RenameCommandNode extends CommandBase {
  kind: 'rename';
  pairs: RenamePairNode[];
}

/** `convert [timeformat=...] ctime(x) [AS y] ...`. */
export interface ConvertCommandNode extends CommandBase {
  kind: 'convert';
  options: OptionNode[];
  conversions: ConvertFunctionNode[];
}

/** Commands made of options and a field list. */
export interface FieldListCommandNode extends CommandBase {
  kind: 'table' | 'fillnull' | 'transaction' | 'addtotals';
  options: OptionNode[];
  fields: FieldNode[];
}

/** `fields [+|-] a, b`. */
export interface FieldsCommandNode extends CommandBase {
  kind: 'fields';
  mode: '+' | '-' | null;
  modeSpan: Span | null;
  fields: FieldNode[];
}

/** Commands made of options and at most one field: `mvexpand x`, `makemv delim=" " x`, `iplocation src`. */
export interface SingleFieldCommandNode extends CommandBase {
  kind: 'mvexpand' | 'makemv' | 'iplocation' | 'xmlkv' | 'fromjson';
  options: OptionNode[];
  field: FieldNode | null;
}

/** `lookup [options] table field [AS alias] ... [OUTPUT|OUTPUTNEW field [AS alias] ...]`. */
export interface LookupCommandNode extends CommandBase {
  kind: 'lookup';
  options: OptionNode[];
  table: WordNode | StringNode | null;
  inputs: LookupFieldNode[];
  outputKeyword: KeywordNode | null;
  outputs: LookupFieldNode[];
}

/** `| inputlookup [options] table [WHERE <search>]`. */
export interface InputlookupCommandNode extends CommandBase {
  kind: 'inputlookup';
  options: OptionNode[];
  table: WordNode | StringNode | null;
  whereKeyword: KeywordNode | null;
  where: SearchExprNode | null;
}

/** `outputlookup [options] table`. */
export interface OutputlookupCommandNode extends CommandBase {
  kind: 'outputlookup';
  options: OptionNode[];
  table: WordNode | StringNode | null;
}

/** `rex [field=x] [mode=sed] [max_match=n] "regex"`; `regex.value` is the unescaped pattern. */
export interface RexCommandNode extends CommandBase {
  kind: 'rex';
  options: OptionNode[];
  regex: StringNode | null;
}

/** `regex [field=|field!=]"regex"`. */
export interface RegexCommandNode extends CommandBase {
  kind: 'regex';
  field: FieldNode | null;
  operator: '=' | '!=' | null;
  operatorSpan: Span | null;
  regex: StringNode | WordNode | null;
}

/** `bin`/`bucket [options] field [AS alias]`. */
export interface BinCommandNode extends CommandBase {
  kind: 'bin';
  options: OptionNode[];
  field: FieldNode | null;
  asKeyword: KeywordNode | null;
  alias: FieldNode | null;
}

/** `join [options] [fields] [subsearch]`. */
export interface JoinCommandNode extends CommandBase {
  kind: 'join';
  options: OptionNode[];
  fields: FieldNode[];
  subsearch: SubsearchNode | null;
}

/** `dedup [N] fields [options] [sortby keys]`. */
export interface DedupCommandNode extends CommandBase {
  kind: 'dedup';
  count: WordNode | null;
  options: OptionNode[];
  fields: FieldNode[];
  sortbyKeyword: KeywordNode | null;
  sortKeys: SortKeyNode[];
}

/** `sort [N] [+|-]field, ... [desc]`. */
export interface SortCommandNode extends CommandBase {
  kind: 'sort';
  count: WordNode | null;
  options: OptionNode[];
  keys: SortKeyNode[];
  /** Trailing `d` / `desc` that reverses the order. */
  descKeyword: KeywordNode | null;
}

/** `spath [input=] [output=] [path=] [path]`. */
export interface SpathCommandNode extends CommandBase {
  kind: 'spath';
  options: OptionNode[];
  /** Positional path (same as `path=`). */
  path: WordNode | StringNode | null;
}

/** `foreach [options] fields [ template ]`: the template is a subsearch with `<<FIELD>>` placeholders. */
export interface ForeachCommandNode extends CommandBase {
  kind: 'foreach';
  options: OptionNode[];
  fields: FieldNode[];
  template: SubsearchNode | null;
}

/** `append [options] [ subsearch ]`, `appendpipe [ subpipeline ]`. */
export interface AppendCommandNode extends CommandBase {
  kind: 'append' | 'appendpipe';
  options: OptionNode[];
  subsearch: SubsearchNode | null;
}

/** `map search="..." maxsearches=N` or `map [ subsearch ]`. */
export interface MapCommandNode extends CommandBase {
  kind: 'map';
  options: OptionNode[];
  subsearch: SubsearchNode | null;
}

/** `| from datamodel Risk.All_Risk` / `| from datamodel:Risk.All_Risk` / `| from lookup:x`. */
export interface FromCommandNode extends CommandBase {
  kind: 'from';
  /** `datamodel`, `lookup`, `inputlookup`, `savedsearch` ... */
  datasetType: WordNode | null;
  dataset: WordNode | StringNode | null;
  whereKeyword: KeywordNode | null;
  where: SearchExprNode | null;
}

/** `head [N] [options] [(eval-expr)]`. */
export interface HeadCommandNode extends CommandBase {
  kind: 'head';
  count: WordNode | null;
  options: OptionNode[];
  expr: EvalExprNode | null;
}

/** Any command without a typed grammar: its name and its arguments as written. */
export interface GenericCommandNode extends CommandBase {
  kind: 'generic';
  args: GenericArgNode[];
}

/** A pipeline stage that starts with a macro call (`` | `security_content_ctime(firstTime)` ``). */
export interface MacroCommandNode extends NodeBase {
  kind: 'macroCommand';
  macro: MacroCallNode;
  /** Whatever follows the macro in the same stage. */
  args: GenericArgNode[];
}

export type CommandNode =
  | SearchCommandNode
  | TstatsCommandNode
  | MstatsCommandNode
  | StatsCommandNode
  | TopCommandNode
  | WhereCommandNode
  | EvalCommandNode
  | RenameCommandNode
  | ConvertCommandNode
  | FieldListCommandNode
  | FieldsCommandNode
  | SingleFieldCommandNode
  | LookupCommandNode
  | InputlookupCommandNode
  | OutputlookupCommandNode
  | RexCommandNode
  | RegexCommandNode
  | BinCommandNode
  | JoinCommandNode
  | DedupCommandNode
  | SortCommandNode
  | SpathCommandNode
  | ForeachCommandNode
  | AppendCommandNode
  | MapCommandNode
  | FromCommandNode
  | HeadCommandNode
  | GenericCommandNode
  | MacroCommandNode;
