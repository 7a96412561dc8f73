// Subsearch results shared by many runs over one log (a hunt): corpus detections repeat the same
// subsearches (`join process_guid [| tstats ... from datamodel=Endpoint.Processes ...]`), each a
// whole read of the log. A subsearch's rows depend on its text, the log and its metadata, the clock
// and the limits; the runs that share one of these objects read the same log with the same metadata,
// and the key holds the rest. Only result rows are kept (copies: the run that got them may change
// them), so a subsearch that gives event rows runs each time.
import type { Span } from '../../text/span';
import type { RunContext } from './context';
import type { NestedWarn } from './commands/nested';
import type { Row } from './row';

interface SharedOutcome {
  rows: Row[];
  /** The warnings it gave, spans relative to the subsearch's start (replayed at each run's own). */
  warnings: Array<{ code: string; message: string; start: number; end: number }>;
}

export class SharedSubsearches {
  /** By key, settled when its first run ends; null: it failed or gave event rows, so each run runs it. */
  private readonly outcomes = new Map<string, Promise<SharedOutcome | null>>();
  /** Subsearches run, and answered from another run (for the stats). */
  ran = 0;
  reused = 0;

  /**
   * The rows of the subsearch `text` standing at `span` of the parent's text, from `run` unless
   * another run of the same subsearch has them (or is getting them: runs that close together wait
   * for the first).
   */
  async rows(text: string, span: Span, parent: RunContext, run: (warn: NestedWarn) => Promise<Row[]>, readOnly = false): Promise<Row[]> {
    const { maxEvents, maxResults } = parent.limits;
    const key = `${parent.now} ${maxEvents} ${maxResults}\n${text}`;
    const first = this.outcomes.get(key);
    if (first) {
      const known = await first;
      if (known === null) return run((code, message, at) => parent.warn(code, message, at));
      this.reused++;
      for (const w of known.warnings) parent.warn(w.code, w.message, { start: span.start + w.start, end: span.start + w.end });
      return readOnly ? known.rows : known.rows.map((row) => row.materialize());
    }
    let settle!: (outcome: SharedOutcome | null) => void;
    this.outcomes.set(key, new Promise((resolve) => (settle = resolve)));
    this.ran++;
    const warnings: SharedOutcome['warnings'] = [];
    try {
      const rows = await run((code, message, at) => {
        warnings.push({ code, message, start: at.start - span.start, end: at.end - span.start });
        parent.warn(code, message, at);
      });
      settle(rows.every((row) => row.event === undefined) ? { rows: rows.map((row) => row.materialize()), warnings } : null);
      return rows;
    } catch (error) {
      settle(null);
      throw error;
    }
  }
}
