// A subsearch inside a search expression (`search NOT [| inputlookup allowed.csv | fields user]`,
// `tstats ... where [| inputlookup tools.csv | table Processes.process]`). Splunk runs it before the
// search and splices in its results as the search text the format command writes (SR "format";
// Search Manual, "Change the format of subsearch results"). The local run builds the test that text
// stands for from the rows directly, without printing and re-parsing it (docs/semantics.md,
// "Subsearches in search expressions"):
// - OR over the rows, AND over each row's fields, OR over a multivalue field's values; each
//   `field="value"` matches as search does (case-insensitive, `*` a wildcard);
// - internal fields (leading `_`) are left out; a `search` field's first value is search text, a
//   `query` field's first value a quoted term;
// - no rows (or none with a field to format) is format's `NOT ( )`, which matches nothing;
// - at most SUBSEARCH_MAXOUT rows are used (limits.conf [subsearch] maxout), a warning says so.
import type { SubsearchNode } from '../../spl/ast';
import { parseSpl } from '../../spl/parser';
import type { Span } from '../../text/span';
import { childContext, compileSubsearch, runSubsearch } from './commands/nested';
import type { RunContext } from './context';
import { RunCode, RunError } from './errors';
import type { Row } from './row';
import { compileSearch, equalsTest, fieldValues, type RowTest } from './searchMatch';
import { compileTerm } from './terms';
import { scalarText, valuesOf } from './values';
import { CaseFolder, fold } from './wildcard';

/** Rows of a subsearch that reach its search (limits.conf [subsearch] maxout, default 10,000). */
export const SUBSEARCH_MAXOUT = 10_000;

/**
 * A test that needs the subsearch's rows. The subsearch is compiled now (so its problems stop the run
 * before reading) and run before the first event is read (RunContext.beforeReading), when `build`
 * turns its rows into the test.
 */
function afterSubsearch(node: SubsearchNode, ctx: RunContext, build: (rows: Row[]) => Promise<RowTest>): RowTest {
  const nested = compileSubsearch(node, ctx, 'search', node.span);
  let test: RowTest | undefined;
  ctx.beforeReading(async () => {
    test = await build(await runSubsearch(nested, ctx));
  });
  return (row) => {
    if (!test) throw new RunError(RunCode.notRunnable, 'the subsearch did not run before its search', node.span);
    return test(row);
  };
}

/** A subsearch standing as a term of a search expression: the test `format` makes of its rows. */
export function compileSubsearchFilter(node: SubsearchNode, ctx: RunContext, stage: number): RowTest {
  return afterSubsearch(node, ctx, (rows) => {
    if (rows.length > SUBSEARCH_MAXOUT) {
      ctx.warn(RunCode.limit, `the subsearch returned ${rows.length} rows; a search takes its first ${SUBSEARCH_MAXOUT} (limits.conf [subsearch] maxout)`, node.span);
    }
    return formatTest(rows.slice(0, SUBSEARCH_MAXOUT), ctx, stage, node.span);
  });
}

/**
 * A subsearch as a field's value (`src_ip=[| inputlookup hosts | return $ip]`): Splunk splices the text it
 * gives after `field=`; that text is its `search` field (what `return` makes). No row matches nothing
 * (our choice); rows without a search field fail the run at the subsearch.
 */
export function compileValueSubsearch(field: string, operator: string, node: SubsearchNode, ctx: RunContext, stage: number): RowTest {
  return afterSubsearch(node, ctx, async (rows) => {
    if (rows.length === 0) return () => false;
    const text = valuesOf(rows[0].get('search')).map(scalarText)[0];
    if (text === undefined) {
      throw new RunError(RunCode.unsupportedCommand, `a subsearch as ${field}'s value must give the text to splice in a search field: end it with | return $field`, node.span);
    }
    return text.trim() === '' ? () => false : searchTextTest(`${field}${operator}${text}`, ctx, stage, node.span);
  });
}

/**
 * What `format` makes of the rows, as a test. Rows of one field whose values hold no wildcard (an
 * allow-list) are ORed into one set per field, so each event costs a lookup per field instead of a
 * comparison per row; `indexed: false` tests them one by one (the property test compares the two).
 */
export async function formatTest(rows: Row[], ctx: RunContext, stage: number, span: Span, indexed = true): Promise<RowTest> {
  const folder = new CaseFolder();
  const alternatives: RowTest[] = [];
  const exact = new Map<string, Set<string>>();
  for (const row of rows) {
    const columns: Array<{ name: string; values: string[] }> = [];
    for (const name of row.names()) {
      if (name.startsWith('_')) continue;
      const all = valuesOf(row.get(name)).map(scalarText);
      // "the first value of the field is used as the actual search term" (Search Manual, "Using search").
      const values = name === 'search' || name === 'query' ? all.slice(0, 1) : all;
      if (values.length > 0) columns.push({ name, values });
    }
    if (columns.length === 0) continue;
    const only = columns[0];
    if (indexed && columns.length === 1 && isPlainField(only.name) && only.values.every((v) => !v.includes('*'))) {
      const set = exact.get(only.name) ?? exact.set(only.name, new Set()).get(only.name)!;
      for (const value of only.values) set.add(fold(value));
      continue;
    }
    const tests: RowTest[] = [];
    for (const { name, values } of columns) {
      const each: RowTest[] = [];
      for (const value of values) each.push(await valueTest(name, value, ctx, stage, span, folder));
      tests.push(each.length === 1 ? each[0] : (r) => each.some((t) => t(r)));
    }
    alternatives.push(tests.length === 1 ? tests[0] : (r) => tests.every((t) => t(r)));
  }
  for (const [field, set] of exact) alternatives.push((r) => fieldValues(r, field).some((v) => set.has(folder.fold(scalarText(v)))));
  // `NOT ( )`: the empty group matches everything, so its negation matches nothing.
  if (alternatives.length === 0) return () => false;
  return alternatives.length === 1 ? alternatives[0] : (r) => alternatives.some((t) => t(r));
}

/** A field matched by value (not `search`/`query`, no `*` in its name). */
function isPlainField(name: string): boolean {
  return name !== 'search' && name !== 'query' && !name.includes('*');
}

async function valueTest(field: string, value: string, ctx: RunContext, stage: number, span: Span, folder: CaseFolder): Promise<RowTest> {
  if (field === 'query') {
    const term = compileTerm(value);
    return (row) => term.test(row.lowerRaw());
  }
  if (field === 'search') return searchTextTest(value, ctx, stage, span);
  return equalsTest(field, value, folder);
}

/** A `search` field's value is spliced in as search text: it must be one search expression. */
async function searchTextTest(text: string, ctx: RunContext, stage: number, span: Span): Promise<RowTest> {
  const shown = text.length > 80 ? `${text.slice(0, 80)}...` : text;
  const parsed = parseSpl(text);
  const error = parsed.diagnostics.find((d) => d.severity === 'error');
  const first = parsed.ast.stages[0];
  if (error || parsed.ast.stages.length !== 1 || first?.kind !== 'search') {
    const why = error ? error.message : 'it is not one search expression';
    throw new RunError(RunCode.notRunnable, `the subsearch's search field cannot be spliced into the search: ${why} (in: ${shown})`, span);
  }
  const child = childContext(ctx, text);
  try {
    const test = compileSearch(first.expr, child, stage);
    await child.runBeforeReading();
    return test;
  } catch (caught) {
    if (!(caught instanceof RunError)) throw caught;
    throw new RunError(caught.code, `the subsearch's search field: ${caught.message} (in: ${shown})`, span);
  } finally {
    for (const w of child.warnings) ctx.warn(w.code, `the subsearch's search field: ${w.message}`, span);
  }
}
