// Runs inline SPL with the run's sources (lookups folder, the log again for subsearches), for the
// tests of the commands that need them; support.ts covers the rest.
import { resolve } from 'node:path';
import type { LogEvent } from '../../../server/src/engine/event';
import type { RunSources } from '../../../server/src/engine/eval/context';
import type { GeoIpDatabase } from '../../../server/src/engine/eval/geoip';
import { LookupFolder } from '../../../server/src/engine/eval/lookupTables';
import { runSearch } from '../../../server/src/engine/eval/runSearch';
import { parseTestSpl, withTable, type Outcome } from './support';
import { corpusPath } from '../../../scripts/corpus/locate.mjs';

export const FIXTURE_LOOKUPS = resolve(__dirname, '../../fixtures/engine/lookups');
export const CORPUS_LOOKUPS = corpusPath('security_content', 'lookups');

export interface SourceOptions {
  /** The lookups folder (default: the test fixtures'). */
  lookups?: string;
  /** False: the run has no log to read again (as for a byte stream). */
  rereadable?: boolean;
  /** What a subsearch reads (default: the same events again). */
  reread?: () => Iterable<LogEvent>;
  limits?: { maxResults?: number; maxEvents?: number; maxBufferedRows?: number };
  signal?: AbortSignal;
  /** The GeoIP database iplocation reads (default: none). */
  geoip?: () => GeoIpDatabase;
  /** Expands macros in run-time SPL (map's search); default: none, so a macro there fails the run. */
  expandMacros?: RunSources['expandMacros'];
}

/** Runs `spl` over `events`; subsearches read the same events again. */
export async function runWith(spl: string, events: LogEvent[], options: SourceOptions = {}): Promise<Outcome> {
  const outcome = await runSearch(
    {
      text: spl,
      ast: parseTestSpl(spl),
      now: 1_700_000_000,
      limits: options.limits,
      signal: options.signal,
      sources: {
        lookups: new LookupFolder(options.lookups ?? FIXTURE_LOOKUPS),
        ...(options.rereadable === false ? {} : { events: options.reread ?? (() => events) }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.geoip ? { geoip: options.geoip } : {}),
        ...(options.expandMacros ? { expandMacros: options.expandMacros } : {}),
      },
    },
    events,
  );
  return withTable(outcome);
}

/** The run's error as `code: message @ text`, for asserting where a run failed. */
export function failure(spl: string, outcome: Outcome): string {
  if (!outcome.error) return 'no error';
  return `${outcome.error.code}: ${outcome.error.message} @ ${spl.slice(outcome.error.span.start, outcome.error.span.end)}`;
}
