/**
 * The typed SPL syntax tree. Every node has a `kind` discriminant and the exact `span` of its
 * source in the parsed string (half-open UTF-16 offsets). Nodes hold only data (no methods), so
 * `children()` in visit.ts can find sub-nodes generically and golden files can print the tree as JSON.
 *
 * Command nodes live in astCommands.ts and are re-exported here.
 */
import type { Span } from '../text/span';

export * from './astCommands';
import type { CommandNode, CommandPartNode } from './astCommands';

export interface NodeBase {
  kind: string;
  span: Span;
}

// ---------------------------------------------------------------- shared pieces

/** A whole search: stages joined by `|`. Also the body of a subsearch. */
export interface PipelineNode extends NodeBase {
  kind: 'pipeline';
  stages: CommandNode[];
}

/** `[ ... ]`: a nested pipeline; `span` includes the brackets. */
export interface SubsearchNode extends NodeBase {
  kind: 'subsearch';
  pipeline: PipelineNode;
  /** False when the closing `]` is missing (a diagnostic was reported). */
  closed: boolean;
}

/** A keyword such as `AS`, `BY`, `OVER`, `WHERE`, `FROM`, `OUTPUT`, `AND`, `OR`, `NOT`, `IN`, `LIKE`. */
export interface KeywordNode extends NodeBase {
  kind: 'keyword';
  /** Upper-cased keyword. */
  keyword: string;
}

/** An unquoted word: a value, a term, a table name. May contain wildcards and `$tokens$`. */
export interface WordNode extends NodeBase {
  kind: 'word';
  text: string;
}

/**
 * A double-quoted string. `value` is what Splunk sees: `\"` and `\\` are unescaped, every other
 * backslash stays as written (so `"C:\Windows\*"` and `"C:\\Windows\\*"` differ only in doubled backslashes).
 */
export interface StringNode extends NodeBase {
  kind: 'string';
  /** Source text including the quotes. */
  raw: string;
  value: string;
  /** False when the closing quote is missing (a diagnostic was reported). */
  terminated: boolean;
}

/** A field name. `quoted` for `'single quoted'` (eval) or `"double quoted"` names. May hold wildcards. */
export interface FieldNode extends NodeBase {
  kind: 'field';
  name: string;
  quoted: boolean;
}

/** `name=value` argument of a command. */
export interface OptionNode extends NodeBase {
  kind: 'option';
  /** Option name as written (options are matched case-insensitively by consumers). */
  name: string;
  nameSpan: Span;
  /** Null when nothing follows `=` (a diagnostic was reported). */
  value: OptionValueNode | null;
}

/** `eval(...)` in `startswith=eval(...)`; a parenthesised search in `startswith=(EventCode=4698)`. */
export type OptionValueNode = WordNode | StringNode | MacroCallNode | SubsearchNode | EvalCallNode | SearchGroupNode;

/** One argument of a macro call: `value` or `name=value`. */
export interface MacroArgNode extends NodeBase {
  kind: 'macroArg';
  /** For `name=value` arguments; null for positional ones. */
  name: string | null;
  nameSpan: Span | null;
  /** The argument text, trimmed; quotes removed when the whole argument is one double-quoted string. */
  value: string;
  valueSpan: Span;
}

/** `` `name` `` or `` `name(arg1, "arg 2", k=v)` ``. `span` includes the backticks. */
export interface MacroCallNode extends NodeBase {
  kind: 'macroCall';
  name: string;
  nameSpan: Span;
  /** Null when the call has no parentheses. */
  args: MacroArgNode[] | null;
  /** Name as Splunk looks it up: `name(N)` with N the argument count, or `name` without parentheses. */
  signature: string;
}

// ---------------------------------------------------------------- search expressions

/**
 * Search-command boolean expression (implicit search, `search`, `tstats/mstats/from/inputlookup ... where`).
 * Precedence (Search Manual, "Boolean expressions": parentheses, NOT, OR, AND): `a b OR c` is
 * `a AND (b OR c)`. AND/OR/NOT are keywords only in upper case.
 */
export type SearchExprNode =
  | SearchAndNode
  | SearchOrNode
  | SearchNotNode
  | SearchGroupNode
  | SearchCompareNode
  | SearchInNode
  | SearchTermNode
  | SearchTermFunctionNode
  | MacroCallNode
  | SubsearchNode;

/** Operands joined by explicit `AND` or by juxtaposition (implicit AND). */
export interface SearchAndNode extends NodeBase {
  kind: 'searchAnd';
  operands: SearchExprNode[];
  /** The explicit `AND` keywords, in order (fewer than operands-1 when some ANDs are implicit). */
  operators: KeywordNode[];
}

export interface SearchOrNode extends NodeBase {
  kind: 'searchOr';
  operands: SearchExprNode[];
  operators: KeywordNode[];
}

export interface SearchNotNode extends NodeBase {
  kind: 'searchNot';
  keyword: KeywordNode;
  /** Null when NOT ends the expression (a diagnostic was reported). */
  operand: SearchExprNode | null;
}

/** `( expr )`; span includes the parentheses. */
export interface SearchGroupNode extends NodeBase {
  kind: 'searchGroup';
  /** Null for `()`. */
  expr: SearchExprNode | null;
}

export type SearchCompareOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | '==';

/** `field=value`, `field!=value`, `field<value` ... The value may be a wildcard, a quoted string or a macro. */
export interface SearchCompareNode extends NodeBase {
  kind: 'searchCompare';
  field: FieldNode;
  operator: SearchCompareOperator;
  operatorSpan: Span;
  /** Null when the value is missing (a diagnostic was reported). */
  value: WordNode | StringNode | MacroCallNode | SubsearchNode | null;
}

/** `field IN (v1, "v2", v3*)`. */
export interface SearchInNode extends NodeBase {
  kind: 'searchIn';
  field: FieldNode;
  keyword: KeywordNode;
  values: Array<WordNode | StringNode | MacroCallNode>;
  /** Span of `( ... )`. */
  listSpan: Span;
}

/** A bare term (`error`, `*.exe`, `%original_detection_search%`) or a quoted phrase. */
export interface SearchTermNode extends NodeBase {
  kind: 'searchTerm';
  term: WordNode | StringNode;
}

/** `TERM(...)` or `CASE(...)`: the argument is kept as written. */
export interface SearchTermFunctionNode extends NodeBase {
  kind: 'searchTermFunction';
  name: 'TERM' | 'CASE';
  nameSpan: Span;
  argument: WordNode | StringNode | null;
}

// ---------------------------------------------------------------- eval expressions

/**
 * Eval expression (`eval`, `where`, `eval(...)` inside stats, `if()` arguments ...).
 * Precedence, loosest first (the boolean part follows the Search Manual, "Boolean expressions":
 * parentheses, NOT, AND, OR, XOR; the rest is the usual arithmetic order):
 *   XOR < OR < AND < NOT < comparison (= == != < <= > >= LIKE IN) < + - . < * / % < unary minus < call, literal, ( ).
 * Eval keywords are case-insensitive (`and`, `or`, `not` occur in Splunk's own detections).
 */
export type EvalExprNode =
  | EvalBinaryNode
  | EvalUnaryNode
  | EvalCallNode
  | EvalGroupNode
  | EvalInNode
  | FieldNode
  | StringNode
  | NumberNode
  | VariableNode
  | MacroCallNode
  | SubsearchNode;

export type EvalBinaryOperator =
  | 'XOR' | 'OR' | 'AND'
  | '=' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE'
  | '+' | '-' | '.' | '*' | '/' | '%';

export interface EvalBinaryNode extends NodeBase {
  kind: 'evalBinary';
  operator: EvalBinaryOperator;
  operatorSpan: Span;
  left: EvalExprNode;
  /** Null when the right operand is missing (a diagnostic was reported). */
  right: EvalExprNode | null;
}

export interface EvalUnaryNode extends NodeBase {
  kind: 'evalUnary';
  operator: 'NOT' | '-' | '+';
  operatorSpan: Span;
  operand: EvalExprNode | null;
}

/** `name(arg, ...)`; `name` as written (functions are matched case-insensitively by consumers). */
export interface EvalCallNode extends NodeBase {
  kind: 'evalCall';
  name: string;
  nameSpan: Span;
  args: EvalExprNode[];
  /** Span of `( ... )`. */
  argsSpan: Span;
}

/** `( expr )`; span includes the parentheses. */
export interface EvalGroupNode extends NodeBase {
  kind: 'evalGroup';
  expr: EvalExprNode | null;
}

/** `expr IN (v1, v2)` in eval / where. */
export interface EvalInNode extends NodeBase {
  kind: 'evalIn';
  operand: EvalExprNode;
  keyword: KeywordNode;
  values: EvalExprNode[];
  listSpan: Span;
}

export interface NumberNode extends NodeBase {
  kind: 'number';
  text: string;
  value: number;
}

/** `$name$` (macro argument or dashboard token) or `%name%` used as an eval operand. */
export interface VariableNode extends NodeBase {
  kind: 'variable';
  text: string;
}

/** `field = expr` inside `eval`. */
export interface EvalAssignmentNode extends NodeBase {
  kind: 'evalAssignment';
  field: FieldNode;
  /** Null when the expression is missing (a diagnostic was reported). */
  expr: EvalExprNode | null;
}

/** Any syntax node. */
export type SplNode =
  | PipelineNode
  | SubsearchNode
  | KeywordNode
  | WordNode
  | StringNode
  | FieldNode
  | OptionNode
  | MacroArgNode
  | MacroCallNode
  | SearchExprNode
  | EvalExprNode
  | EvalAssignmentNode
  | CommandNode
  | CommandPartNode;
