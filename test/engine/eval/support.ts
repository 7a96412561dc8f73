// Shared helpers for the evaluator tests: run inline SPL (no macros) over inline events.
import { parseLog } from '../../../server/src/engine/readers/pipeline';
import type { LogEvent } from '../../../server/src/engine/event';
import { runSearch, type SearchRunOutcome } from '../../../server/src/engine/eval/runSearch';
import { CimEngineProvider } from '../../../server/src/engine/eval/cimView';
import { displayValue } from '../../../server/src/engine/eval/values';
import { parseSpl } from '../../../server/src/spl/parser';

/** Events from JSON objects, one per line (line N is the Nth object). */
export function jsonEvents(objects: object[]): LogEvent[] {
  const text = objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
  return parseLog(text, { format: 'json', sourcetype: 'test', source: 'test.json', index: 'main' }).events;
}

/** Events from key=value text lines. */
export function textEvents(lines: string[]): LogEvent[] {
  return parseLog(lines.join('\n') + '\n', { format: 'text', sourcetype: 'test', source: 'test.log', index: 'main' }).events;
}

export interface Outcome extends SearchRunOutcome {
  /** Result rows as plain objects (display values). */
  table: Array<Record<string, string | string[]>>;
  /** Provenance of each row. */
  lines: number[][];
}

/** Parses test SPL; a test whose SPL does not parse is a broken test, not a run failure. */
export function parseTestSpl(spl: string): ReturnType<typeof parseSpl>['ast'] {
  const parsed = parseSpl(spl);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) throw new Error(`test SPL does not parse: ${parsed.diagnostics[0].message}`);
  return parsed.ast;
}

/** Adds the rows as plain objects and their provenance to a run's outcome. */
export function withTable(outcome: SearchRunOutcome): Outcome {
  const table = outcome.rows.map((row) => {
    const fields: Record<string, string | string[]> = {};
    for (const name of row.names()) {
      const value = displayValue(row.get(name));
      if (value !== null) fields[name] = value;
    }
    return fields;
  });
  return { ...outcome, table, lines: outcome.rows.map((r) => r.events) };
}

export async function run(spl: string, events: LogEvent[], options: { explain?: boolean; now?: number; signal?: AbortSignal; cim?: boolean; groupFilters?: boolean } = {}): Promise<Outcome> {
  const outcome = await runSearch(
    {
      text: spl, ast: parseTestSpl(spl), explain: options.explain, groupFilters: options.groupFilters, now: options.now ?? 1_700_000_000, signal: options.signal,
      cim: options.cim ? new CimEngineProvider() : undefined,
    },
    events,
  );
  return withTable(outcome);
}

/** Lines (1-based) of the events a search keeps. */
export async function matchingLines(spl: string, events: LogEvent[]): Promise<number[]> {
  const outcome = await run(spl, events);
  if (outcome.error) throw outcome.error;
  return outcome.lines.flat();
}

/** One eval expression's value on one event (`| eval out=<expr>`). */
export async function evalValue(expr: string, fields: object = {}): Promise<string | string[] | undefined> {
  const outcome = await run(`search * | eval out=${expr}`, jsonEvents([fields]));
  if (outcome.error) throw outcome.error;
  return outcome.table[0]?.out;
}
