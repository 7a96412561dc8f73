/**
 * The shape of a lint rule (ESLint's `{ meta, create }`, with the doc beside the code as Ruff does).
 * A search rule visits the EXPANDED search's syntax tree and reports spans in the expanded text; the
 * engine maps them back to the file (or to the macro call that produced them). A document rule looks
 * at a whole file (detection keys, required_fields ...) and reports spans in the file text.
 */
import type { CimCatalogue } from '../cim/catalogue';
import type { Repository } from '../detection/contentIndex';
import type { Expansion } from '../macros/expand';
import type { CommandNode, PipelineNode } from '../spl/ast';
import type { ParseResult } from '../spl/parser';
import type { AnyNode } from '../spl/visit';
import type { RelatedLocation, Severity } from '../text/diagnostic';
import type { Span } from '../text/span';
import type { SplDocument } from '../workspace/documents';
import type { EmbeddedSearch, SearchRole } from '../text/embeddedSearch';

/** Markdown-ish text; SPL examples go in fenced blocks. Rendered to docs/rules/<ID>.md. */
export interface RuleDoc {
  /** What the rule reports. */
  what: string;
  /** Why it matters (with sources for claims about Splunk's behaviour). */
  why: string;
  /** A search the rule reports. */
  example: string;
  /** What to write instead: a search the rule does not report, and the fix. */
  useInstead: string;
}

export interface RuleMeta {
  /** `SPL101` */
  id: string;
  /** `wildcard-in-eval` */
  name: string;
  defaultSeverity: Severity;
  /**
   * True when some findings are errors though `defaultSeverity` is lower. An error in a search stops
   * its run, so a run lints with only the rules that may report one (engine.ts, mayReportError).
   */
  raisesErrors?: boolean;
  /**
   * True when its findings are never inside an SPL search (a detection's YAML keys and values, the
   * stories and data sources it names): a run, which only an error in its search stops, leaves it
   * out (engine.ts, errorsOnly).
   */
  outsideSearches?: boolean;
  /** True when the rule offers a certain fix for some of its findings. */
  fixable: boolean;
  /** messageId -> template with `{{placeholder}}`s filled from `Finding.data`. */
  messages: Record<string, string>;
  /** Option defaults; configuration may override them. */
  options?: Record<string, unknown>;
  doc: RuleDoc;
}

export interface FindingEdit {
  span: Span;
  newText: string;
}

export interface Finding {
  /** For search rules: in the EXPANDED search text. For document rules: in the file text. */
  span: Span;
  messageId: string;
  data?: Record<string, string | number>;
  /** Overrides the rule's default severity (e.g. lower inside tstats); a configured severity wins. */
  severity?: Severity;
  /** A certain fix. Search rules: dropped unless every edit maps exactly to text written in the file. */
  fix?: { title: string; edits: FindingEdit[]; renameTo?: string };
  /** Document rules: other places that explain the finding (another file's copy of an id ...). */
  related?: RelatedLocation[];
}

/** One SPL string of a document as the analysis saw it (structurally `AnalyzedSearch`). */
export interface LintedSearch {
  search: EmbeddedSearch;
  /** The search as written. */
  parse: ParseResult;
  expansion?: Expansion;
  /** The expanded search parsed (equals `parse` when nothing was expanded). */
  expandedParse?: ParseResult;
}

export interface RuleContext {
  report(finding: Finding): void;
  /** The rule's option defaults merged with the configuration. */
  options: Record<string, unknown>;
  /** The expanded search text (the text every span refers to). */
  text: string;
  /** The ancestors of the node being visited, outermost first (pipeline ... parent). */
  ancestors(): readonly AnyNode[];
  /** The command (stage) containing the visited node (the node itself when it is a command). */
  command(): CommandNode | undefined;
  /** Index of `command()` in its pipeline, -1 when there is none. */
  commandIndex(): number;
  document: SplDocument;
  search: EmbeddedSearch;
  role: SearchRole;
  cim: CimCatalogue;
  /** The expanded search's syntax tree. */
  pipeline: PipelineNode;
}

type NodeOfKind<K extends AnyNode['kind']> = Extract<AnyNode, { kind: K }>;

/** Handlers by node kind (called on entering the node) and `<kind>:exit` (called on leaving it). */
export type RuleVisitor = { [K in AnyNode['kind']]?: (node: NodeOfKind<K>) => void } & {
  [K in AnyNode['kind'] as `${K}:exit`]?: (node: NodeOfKind<K>) => void;
};

export interface Rule {
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}

export interface DocumentRuleContext {
  /** Spans in FILE offsets; a related location may name another file. */
  report(finding: Finding): void;
  options: Record<string, unknown>;
  document: SplDocument;
  /** Every SPL string of the document, parsed (and expanded when a macro index was available). */
  searches: readonly LintedSearch[];
  cim: CimCatalogue;
  /** The rest of the repository (data sources, stories, other detections, ATT&CK); absent for a file read alone. */
  repository?: Repository;
  /** Today's date as `YYYY-MM-DD` in UTC (a detection's `date` may not be later). */
  today: string;
}

/** A rule about a whole file (detection YAML keys, required_fields, filter macro). */
export interface DocumentRule {
  meta: RuleMeta;
  checkDocument(context: DocumentRuleContext): void;
}

export type AnyRule = Rule | DocumentRule;

export function isDocumentRule(rule: AnyRule): rule is DocumentRule {
  return 'checkDocument' in rule;
}

/** Fills `{{name}}` placeholders; an unknown placeholder stays as written. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
