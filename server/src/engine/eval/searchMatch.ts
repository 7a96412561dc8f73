// Compiles a search-command expression (implicit search, `search`, `tstats ... where`) into a test on
// a row. Semantics (docs/semantics.md, "Search matching"): values ignore case and `*` is a wildcard;
// OR binds tighter than AND (the parser builds that tree); `field!=v` needs the field to exist while
// `NOT field=v` also keeps rows without it; a multivalue field matches when any value matches;
// `<`/`>` against a number compare numerically (only numeric values can match), else as
// lower-cased strings.
import type { SearchCompareNode, SearchExprNode, SearchInNode, StringNode, WordNode } from '../../spl/ast';
import type { Span } from '../../text/span';
import type { RunContext } from './context';
import { RunError, RunCode } from './errors';
import type { ExplainRecorder, PredicateCount, PredicateKind } from './explain';
import type { Row } from './row';
import { compileSubsearchFilter, compileValueSubsearch } from './subsearchFilter';
import { compileCaseTerm, compileTerm } from './terms';
import { asNumber, scalarText, valuesOf, type Scalar } from './values';
import { CaseFolder, compileWildcard } from './wildcard';
import { excerpt } from '../../text/excerpt';

export type RowTest = (row: Row) => boolean;

/** Fields that are time-range modifiers in a search, not fields (the local run reads the whole log). */
const TIME_MODIFIERS = new Set(['earliest', 'latest', 'starttime', 'endtime', 'starttimeu', 'endtimeu', 'starthoursago', 'endhoursago', 'startdaysago', 'enddaysago', 'startminutesago', 'endminutesago']);

interface Compiler {
  ctx: RunContext;
  stage: number;
  folder: CaseFolder;
  /** Where clauses are counted: the run's, or a recorder of its own for a test compiled on the side (a gate). */
  explain: ExplainRecorder;
}

/** A test on a row for a whole expression; `null` (no expression) keeps every row. */
export function compileSearch(expr: SearchExprNode | null, ctx: RunContext, stage: number, explain: ExplainRecorder = ctx.explain): RowTest {
  if (!expr) return () => true;
  return compileNode(expr, { ctx, stage, folder: new CaseFolder(), explain });
}

/** A clause's label quotes at most this much of it (explain output, the editor's inlay hints). */
const LABEL_LENGTH = 60;

function counted(c: Compiler, kind: PredicateKind, label: string, span: Span, test: RowTest): RowTest {
  const counter: PredicateCount = c.explain.predicate(kind, excerpt(label, LABEL_LENGTH), span, c.stage);
  return (row) => {
    const result = test(row);
    counter.evaluated++;
    if (result) counter.satisfied++;
    return result;
  };
}

function compileNode(node: SearchExprNode, c: Compiler): RowTest {
  const complete = c.explain.complete;
  switch (node.kind) {
    case 'searchAnd': {
      const parts = node.operands.map((o) => compileNode(o, c));
      if (complete) {
        return (row) => {
          let all = true;
          for (const part of parts) if (!part(row)) all = false;
          return all;
        };
      }
      return (row) => parts.every((p) => p(row));
    }
    case 'searchOr': {
      const parts = node.operands.map((o) => compileNode(o, c));
      if (complete) {
        return (row) => {
          let any = false;
          for (const part of parts) if (part(row)) any = true;
          return any;
        };
      }
      return (row) => parts.some((p) => p(row));
    }
    case 'searchNot': {
      if (!node.operand) throw new RunError(RunCode.notRunnable, 'NOT without a search term', node.span);
      const inner = compileNode(node.operand, c);
      return (row) => !inner(row);
    }
    case 'searchGroup':
      return node.expr ? compileNode(node.expr, c) : () => true;
    case 'searchTerm':
      return compileTermNode(node.term, node.span, c);
    case 'searchTermFunction': {
      if (!node.argument) throw new RunError(RunCode.notRunnable, `${node.name}() without a term`, node.span);
      const text = node.argument.kind === 'string' ? node.argument.value : node.argument.text;
      if (node.name === 'CASE') {
        const term = compileCaseTerm(text);
        return counted(c, 'term', c.ctx.source(node.span), node.span, (row) => term.test(String(row.get('_raw') ?? '')));
      }
      const term = compileTerm(text.replace(/\*/g, ''));
      return counted(c, 'term', c.ctx.source(node.span), node.span, (row) => term.test(row.lowerRaw()));
    }
    case 'searchCompare':
      return compileCompare(node, c);
    case 'searchIn': {
      const field = node.field.name;
      const tests = node.values.map((value) => {
        const pattern = literalValue(value);
        const label = `${field}=${c.ctx.source(value.span)}`;
        return counted(c, 'in-value', label, value.span, equalsTest(field, pattern, c.folder));
      });
      if (complete) {
        return (row) => {
          let any = false;
          for (const test of tests) if (test(row)) any = true;
          return any;
        };
      }
      return (row) => tests.some((t) => t(row));
    }
    case 'macroCall':
      throw new RunError(RunCode.notRunnable, `macro \`${node.name}\` was not expanded, so the search cannot run`, node.span);
    case 'subsearch':
      return counted(c, 'subsearch', subsearchLabel(c.ctx.source(node.span)), node.span, compileSubsearchFilter(node, c.ctx, c.stage));
  }
}

/** A clause holding a subsearch, as --explain names it: cut to 60 characters, ending at its bracket. */
function subsearchLabel(text: string): string {
  return text.length > LABEL_LENGTH ? `${text.slice(0, LABEL_LENGTH - 3)}...]` : text;
}

type SearchValueNode = NonNullable<SearchCompareNode['value']> | SearchInNode['values'][number];

function literalValue(value: SearchValueNode): string {
  switch (value.kind) {
    case 'word':
      return value.text;
    case 'string':
      return value.value;
    case 'macroCall':
      throw new RunError(RunCode.notRunnable, `macro \`${value.name}\` was not expanded, so the search cannot run`, value.span);
    case 'subsearch':
      throw new RunError(RunCode.unsupportedCommand, 'a subsearch in an IN list is not supported by the local engine (as a term or a field\'s value it is)', value.span);
  }
}

function compileTermNode(term: WordNode | StringNode, span: Span, c: Compiler): RowTest {
  const text = term.kind === 'string' ? term.value : term.text;
  if (text === '*') return counted(c, 'term', c.ctx.source(span), span, () => true);
  if (term.kind === 'word' && /^%\w+%$|^\$\w+\$$/.test(text)) {
    throw new RunError(RunCode.notRunnable, `${text} is a placeholder filled in by Splunk, not a search term`, span);
  }
  const matcher = compileTerm(text);
  return counted(c, 'term', c.ctx.source(span), span, (row) => matcher.test(row.lowerRaw()));
}

/** The values of `field` on the row; a name with `*` takes every matching field's values. */
export function fieldValues(row: Row, field: string): Scalar[] {
  // A data-source macro plus `EventCode=N` rejects most events here; a probe spares them extraction.
  if (!field.includes('*')) return valuesOf(row.peek(field));
  const names = compileWildcard(field, true);
  const values: Scalar[] = [];
  for (const name of row.names()) if (names.test(name)) values.push(...valuesOf(row.get(name)));
  return values;
}

export function equalsTest(field: string, pattern: string, folder: CaseFolder): RowTest {
  if (pattern === '*') return (row) => fieldValues(row, field).length > 0;
  const wildcard = compileWildcard(pattern, false, folder);
  if (field.includes('*')) return (row) => fieldValues(row, field).some((v) => wildcard.test(scalarText(v)));
  // One field by name (nearly every test of a hunt): its value read once, no list made of one value.
  return (row) => {
    const value = row.peek(field);
    if (value === null) return false;
    if (!Array.isArray(value)) return wildcard.test(scalarText(value));
    for (const v of value) if (wildcard.test(scalarText(v))) return true;
    return false;
  };
}

function compileCompare(node: SearchCompareNode, c: Compiler): RowTest {
  if (!node.value) throw new RunError(RunCode.notRunnable, `${node.field.name}${node.operator} has no value`, node.span);
  if (node.value.kind === 'subsearch') {
    return counted(c, 'subsearch', subsearchLabel(c.ctx.source(node.span)), node.span, compileValueSubsearch(node.field.name, node.operator, node.value, c.ctx, c.stage));
  }
  const field = node.field.name;
  const pattern = literalValue(node.value);
  const label = c.ctx.source(node.span);
  const lower = field.toLowerCase();
  if (TIME_MODIFIERS.has(lower)) {
    c.ctx.warn(RunCode.ignored, `${field}= is a time-range modifier; the local run reads every event of the log and ignores it`, node.span);
    return counted(c, 'compare', label, node.span, () => true);
  }
  if (lower === 'eventtype' || lower === 'tag' || lower.startsWith('tag::')) {
    c.ctx.warn(RunCode.ignored, `no ${lower}s are defined locally, so ${field} is always null here`, node.span);
  }
  switch (node.operator) {
    case '=':
    case '==':
      return counted(c, 'compare', label, node.span, equalsTest(field, pattern, c.folder));
    case '!=': {
      const equals = equalsTest(field, pattern, c.folder);
      // `x!=v` is `x=* NOT x=v` (Search Reference, "search": != versus NOT).
      return counted(c, 'compare', label, node.span, (row) => fieldValues(row, field).length > 0 && !equals(row));
    }
    default: {
      const op = node.operator;
      const target = pattern.toLowerCase();
      const targetNumber = asNumber(pattern);
      const holds = (order: number) => (op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0);
      return counted(c, 'compare', label, node.span, (row) =>
        fieldValues(row, field).some((v) => {
          // A number on the right compares numerically and only numbers can satisfy it.
          if (targetNumber !== undefined) {
            const n = asNumber(v);
            return n !== undefined && holds(n < targetNumber ? -1 : n > targetNumber ? 1 : 0);
          }
          const s = scalarText(v).toLowerCase();
          return holds(s < target ? -1 : s > target ? 1 : 0);
        }),
      );
    }
  }
}
