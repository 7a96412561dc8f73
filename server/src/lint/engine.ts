/**
 * Runs the lint rules. Search rules see the EXPANDED search once: a single walk dispatches every node
 * to every enabled rule's visitor. Findings are mapped back to the file (or to the macro call they
 * came through) by mapFinding.ts. A rule that throws is stopped for that search and reported as a
 * finding of its own, so one faulty rule never breaks the analysis.
 */
import { CimCatalogue } from '../cim/catalogue';
import type { Repository } from '../detection/contentIndex';
import type { CommandNode, PipelineNode } from '../spl/ast';
import { walk, type AnyNode } from '../spl/visit';
import type { Diagnostic, Severity } from '../text/diagnostic';
import { completeSteps, type Steps } from '../text/steps';
import type { SplDocument } from '../workspace/documents';
import { resolveRule, type LintConfig, type ResolvedRule } from './config';
import { defaultRuleDocsBase, ruleDocUrl } from './docsLocation';
import { lintableParse } from './lintable';
import { findingToDiagnostic, type SearchPlace } from './mapFinding';
import { rules as registeredRules } from './registry';
import {
  formatMessage,
  isDocumentRule,
  type AnyRule,
  type DocumentRule,
  type Finding,
  type LintedSearch,
  type Rule,
  type RuleContext,
  type RuleMeta,
  type RuleVisitor,
} from './rule';
import { isSuppressed, mergeSuppressions, readSuppressions, type Suppressions } from './suppression';

export { lintableParse };

export interface LintOptions {
  config?: LintConfig;
  /** The rules to run (default: every registered rule); the configuration still applies. */
  rules?: readonly AnyRule[];
  cim?: CimCatalogue;
  /** Base URL of the rule docs (`<base><ID>.md`); default: the installed docs/rules/ folder. */
  docsBaseUrl?: string;
  /** What document rules may know about the rest of the repository. */
  repository?: Repository;
  /** `YYYY-MM-DD` (UTC); default: the current date. */
  today?: string;
  /**
   * Only the rules that may report an error inside a search (mayReportError, and not
   * `outsideSearches`): what a run needs, since only errors in its search stop it, and a fraction of
   * the cost of every rule.
   */
  errorsOnly?: boolean;
}

/** Whether a rule configured as `resolved` can report a finding with severity error. */
export function mayReportError(meta: RuleMeta, resolved: ResolvedRule): boolean {
  if (!resolved.enabled) return false;
  if (resolved.severity !== undefined) return resolved.severity === 'error';
  return meta.defaultSeverity === 'error' || meta.raisesErrors === true;
}

/** The current date in UTC as `YYYY-MM-DD`, the way contentctl compares a detection's `date`. */
export function utcToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Lints every search of a document and runs the document rules; diagnostics in FILE offsets. */
export function lintDocument(document: SplDocument, searches: readonly LintedSearch[], options: LintOptions = {}): Diagnostic[] {
  return completeSteps(lintDocumentSteps(document, searches, options));
}

/** lintDocument in steps: one after each search's rules, one after each document rule. */
export function* lintDocumentSteps(document: SplDocument, searches: readonly LintedSearch[], options: LintOptions = {}): Steps<Diagnostic[]> {
  const setup = prepare(options);
  const diagnostics: Diagnostic[] = [];
  for (const analyzed of searches) {
    diagnostics.push(...runSearchRules(document, analyzed, setup));
    yield;
  }
  const documentRules = setup.active.filter((a): a is ActiveRule<DocumentRule> => isDocumentRule(a.rule));
  if (documentRules.length === 0) return diagnostics;
  const suppressed = searches
    .filter((s) => s.search.role === 'search' || s.search.role === 'spl-file')
    .map((s) => readSuppressions(s.search.text, s.parse.comments))
    .reduce(mergeSuppressions, { all: false, rules: new Set<string>() });
  for (const active of documentRules) {
    if (isSuppressed(suppressed, active.rule.meta)) continue;
    const report = (finding: Finding) => diagnostics.push(documentDiagnostic(active, finding, setup.docsBaseUrl));
    try {
      active.rule.checkDocument({
        report,
        options: active.resolved.options,
        document,
        searches,
        cim: setup.cim(),
        today: options.today ?? utcToday(),
        ...(options.repository ? { repository: options.repository } : {}),
      });
    } catch (error) {
      diagnostics.push(ruleFailure(active.rule.meta, { start: 0, end: 0 }, error, setup.docsBaseUrl));
    }
    yield;
  }
  return diagnostics;
}

/** Lints one search (its expanded parse when there is one); diagnostics in FILE offsets. */
export function lintSearch(document: SplDocument, analyzed: LintedSearch, options: LintOptions = {}): Diagnostic[] {
  return runSearchRules(document, analyzed, prepare(options));
}

interface ActiveRule<R extends AnyRule = AnyRule> {
  rule: R;
  resolved: ResolvedRule;
}

interface Setup {
  active: ActiveRule[];
  cim: () => CimCatalogue;
  docsBaseUrl: string | undefined;
}

function prepare(options: LintOptions): Setup {
  const active = (options.rules ?? registeredRules)
    .map((rule) => ({ rule, resolved: resolveRule(options.config, rule.meta) }))
    .filter((a) => (options.errorsOnly ? mayReportError(a.rule.meta, a.resolved) && !a.rule.meta.outsideSearches : a.resolved.enabled));
  let cim = options.cim;
  return {
    active,
    cim: () => (cim ??= new CimCatalogue()),
    docsBaseUrl: options.docsBaseUrl ?? defaultRuleDocsBase(),
  };
}

function runSearchRules(document: SplDocument, analyzed: LintedSearch, setup: Setup): Diagnostic[] {
  const searchRules = setup.active.filter((a): a is ActiveRule<Rule> => !isDocumentRule(a.rule));
  const parse = lintableParse(analyzed);
  if (!parse || searchRules.length === 0) return [];
  const expanded = parse !== analyzed.parse;
  const text = expanded ? analyzed.expansion!.text : analyzed.search.text;
  let suppressions: Suppressions = readSuppressions(analyzed.search.text, analyzed.parse.comments);
  if (expanded) suppressions = mergeSuppressions(suppressions, readSuppressions(text, parse.comments));
  const place: SearchPlace = { document, search: analyzed.search, ...(expanded ? { expansion: analyzed.expansion } : {}) };
  const diagnostics: Diagnostic[] = [];
  const ancestors: AnyNode[] = [];
  const commands: { node: CommandNode; index: number }[] = [];
  const visitors: { active: ActiveRule<Rule>; visitor: RuleVisitor; failed: boolean }[] = [];
  for (const active of searchRules) {
    if (isSuppressed(suppressions, active.rule.meta)) continue;
    const context: RuleContext = {
      report: (finding) => diagnostics.push(searchDiagnostic(place, active, finding, setup.docsBaseUrl)),
      options: active.resolved.options,
      text,
      ancestors: () => ancestors.slice(0, -1),
      command: () => commands[commands.length - 1]?.node,
      commandIndex: () => commands[commands.length - 1]?.index ?? -1,
      document,
      search: analyzed.search,
      role: analyzed.search.role,
      get cim() {
        return setup.cim();
      },
      pipeline: parse.ast,
    };
    const entry = { active, visitor: {} as RuleVisitor, failed: false };
    guard(entry, parse.ast, diagnostics, setup, () => {
      entry.visitor = active.rule.create(context);
    });
    visitors.push(entry);
  }
  const dispatch = (key: string, node: AnyNode) => {
    for (const entry of visitors) {
      const handler = (entry.visitor as Record<string, ((n: AnyNode) => void) | undefined>)[key];
      if (handler && !entry.failed) guard(entry, node, diagnostics, setup, () => handler(node));
    }
  };
  walk(parse.ast, {
    enter(node, parent) {
      ancestors.push(node);
      if (parent?.kind === 'pipeline') {
        commands.push({ node: node as CommandNode, index: (parent as PipelineNode).stages.indexOf(node as CommandNode) });
      }
      dispatch(node.kind, node);
    },
    leave(node, parent) {
      dispatch(`${node.kind}:exit`, node);
      if (parent?.kind === 'pipeline') commands.pop();
      ancestors.pop();
    },
  });
  return diagnostics;

  function guard(entry: { active: ActiveRule<Rule>; failed: boolean }, node: AnyNode, out: Diagnostic[], s: Setup, run: () => void) {
    try {
      run();
    } catch (error) {
      entry.failed = true;
      const failure = ruleFailure(entry.active.rule.meta, node.span, error, s.docsBaseUrl);
      out.push(findingToDiagnostic(place, { span: node.span, messageId: '' }, failure.code, failure.severity, failure.message, failure.docUrl));
    }
  }
}

function severityOf(active: ActiveRule, finding: Finding): Severity {
  const severity = active.resolved.severity ?? finding.severity ?? active.rule.meta.defaultSeverity;
  // A run lints with the rules that may report errors only: an undeclared one would let a run go that should stop.
  if (severity === 'error' && !mayReportError(active.rule.meta, active.resolved)) {
    throw new Error(`${active.rule.meta.id} reported an error but its meta does not say it raises errors (raisesErrors)`);
  }
  return severity;
}

function messageOf(meta: RuleMeta, finding: Finding): string {
  const template = meta.messages[finding.messageId] ?? finding.messageId;
  return formatMessage(template, finding.data);
}

function searchDiagnostic(place: SearchPlace, active: ActiveRule, finding: Finding, docsBaseUrl: string | undefined): Diagnostic {
  const meta = active.rule.meta;
  return findingToDiagnostic(place, finding, meta.id, severityOf(active, finding), messageOf(meta, finding), ruleDocUrl(docsBaseUrl, meta.id));
}

function documentDiagnostic(active: ActiveRule, finding: Finding, docsBaseUrl: string | undefined): Diagnostic {
  const meta = active.rule.meta;
  const docUrl = ruleDocUrl(docsBaseUrl, meta.id);
  return {
    span: finding.span,
    severity: severityOf(active, finding),
    code: meta.id,
    message: messageOf(meta, finding),
    ...(finding.related?.length ? { related: finding.related.map((r) => ({ ...r })) } : {}),
    ...(finding.fix
      ? { fix: { title: finding.fix.title, edits: finding.fix.edits.map((e) => ({ ...e })), ...(finding.fix.renameTo ? { renameTo: finding.fix.renameTo } : {}) } }
      : {}),
    ...(docUrl ? { docUrl } : {}),
  };
}

function ruleFailure(meta: RuleMeta, span: Diagnostic['span'], error: unknown, docsBaseUrl: string | undefined): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  const docUrl = ruleDocUrl(docsBaseUrl, meta.id);
  return {
    span,
    severity: 'information',
    code: meta.id,
    message: `Rule ${meta.id} (${meta.name}) failed on this search and was stopped: ${reason}`,
    ...(docUrl ? { docUrl } : {}),
  };
}
