// The evasion check: run the detection on its log, and for each hit rewrite the process event behind it
// into every variant of facts.json, run the detection again with the same engine on the hit's events so
// rewritten, and say which variants still match and which evade, with the clause that rejected each
// (the first clause the original events satisfied and the variant's do not).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordPositions, type RecordPosition } from '../engine/readers/evtxPositions';
import { recordKey } from '../engine/readers/evtxRecords';
import { readLog } from '../engine/readers/readLog';
import type { LogEvent } from '../engine/event';
import { runDetection, type DetectionResult, type DetectionRun, type ExplainEntry, type FileRange, type RunDetectionOptions } from '../engine/eval/runDetection';
import type { PredicateKind } from '../engine/eval/explain';
import { describeRecord } from '../text/logPosition';
import type { Span } from '../text/span';
import { technique, type TechniqueId } from './facts';
import { rewriteEvent } from './rewriteEvent';
import { generateVariants, isProcessEvent, MAX_VARIED_OPTIONS, optionsLeftOut, type FieldReader } from './variants';

export interface RejectingClause {
  /** The clause as explain labels it: an IN value as `field=value`, a command as `| command`. */
  clause: string;
  /** In the detection's file: offsets and 0-based line/character. */
  span: Span;
  range: FileRange;
  /** False when the clause came from a macro: the span is then the macro's call. */
  exact: boolean;
  /** What kind of clause: an IN value, a comparison, a term ...; undefined for a command. */
  predicate?: PredicateKind;
  /** The command it belongs to (`search`, `tstats`, `where` ...). */
  command: string;
}

export interface VariantVerdict {
  technique: TechniqueId;
  title: string;
  field: string;
  value: string;
  /** Every field the variant rewrote, with its new text. */
  changes: Record<string, string>;
  /** For a variant of one option: the option as written and as the variant writes it. */
  option?: { from: string; to: string };
  evades: boolean;
  /** Why an evading variant was not found; undefined when it still matches. */
  rejectedBy?: RejectingClause;
}

export interface HitEvasion {
  /** 1-based lines of the hit's events in a text log; empty for an .evtx log (see `records`). */
  events: number[];
  /** For an .evtx log: the records of the hit's events. */
  records?: RecordPosition[];
  /** The text of those events (an .evtx record as XmlWinEventLog text). */
  lines: string[];
  /** The line of the event the variants rewrite (0 for an .evtx record). */
  rewrittenLine?: number;
  /** Where that event is: "line 2", "security.evtx record 16 (chunk 0)". */
  rewrittenEvent?: string;
  variants: VariantVerdict[];
  /** Why this hit has no variants, or why some could not be run. */
  notes: string[];
}

export interface EvasionReport {
  run: DetectionRun;
  hits: HitEvasion[];
  /** Problems of the check itself (a log it cannot rewrite), besides the run's. */
  problems: string[];
}

export interface EvasionOptions extends Omit<RunDetectionOptions, 'log' | 'explain' | 'fastPath'> {
  /** A log file, or a folder of .evtx files; an .evtx record's variants are XmlWinEventLog text. */
  log: string;
  /** Called after each hit: hits done, hits in all. */
  onProgress?: (done: number, total: number) => void;
}

export async function checkEvasion(options: EvasionOptions): Promise<EvasionReport> {
  return checkHits(options, await runDetection(options));
}

/** The evasion check of the hits of a run already made with `options` (the editor's "Run on sample"); at most `maxHits` of them. */
export async function checkHits(options: EvasionOptions, run: DetectionRun, maxHits = Infinity): Promise<EvasionReport> {
  if (!run.ok) return { run, hits: [], problems: [] };
  const results = run.results.slice(0, maxHits);
  const problems = results.length < run.results.length ? [`only the first ${results.length} of ${run.results.length} hits were varied`] : [];
  const events = await eventsAt(options, run, new Set(results.flatMap(eventKeys)));
  const hits: HitEvasion[] = [];
  // Each variant is a log file of its own: a search's subsearches (a join with another dataset) read the log again by path.
  const folder = mkdtempSync(join(tmpdir(), 'spl-detect-evade-'));
  try {
    for (const [index, result] of results.entries()) {
      if (options.signal?.aborted) break;
      const hitEvents = eventKeys(result).map((key) => events.get(key)).filter((e): e is LocatedEvent => e !== undefined);
      hits.push(await checkHit(options, run, hitEvents, result.records, join(folder, 'variant.log')));
      options.onProgress?.(index + 1, results.length);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return { run, hits, problems };
}

/** An event read again, with where it is ("line 2", "security.evtx record 16 (chunk 0)"). */
interface LocatedEvent {
  event: LogEvent;
  where: string;
}

/** A text log's events are known by their line, an .evtx log's by their record. */
function eventKeys(result: DetectionResult): string[] {
  return result.records ? result.records.map(recordKey) : result.events.map((line) => `line ${line}`);
}

async function eventsAt(options: EvasionOptions, run: DetectionRun, keys: Set<string>): Promise<Map<string, LocatedEvent>> {
  const found = new Map<string, LocatedEvent>();
  if (keys.size === 0) return found;
  // The reader numbers an .evtx log's events and records each number's record as it reads the chunk.
  const records = new RecordPositions();
  for await (const event of readLog(options.log, { ...run.metadata, signal: options.signal, records })) {
    const record = records.at(event.line);
    const key = record ? recordKey(record) : `line ${event.line}`;
    if (keys.has(key)) found.set(key, { event, where: record ? describeRecord(record) : `line ${event.line}` });
    if (found.size === keys.size) break;
  }
  return found;
}

function fieldReader(event: LogEvent): FieldReader {
  return (name) => {
    const value = event.fields.get(name);
    return Array.isArray(value) ? value[0] : value;
  };
}

async function checkHit(options: EvasionOptions, run: DetectionRun, located: LocatedEvent[], records: RecordPosition[] | undefined, variantLog: string): Promise<HitEvasion> {
  const events = located.map((l) => l.event);
  const hit: HitEvasion = { events: records ? [] : events.map((e) => e.line), ...(records ? { records } : {}), lines: events.map((e) => e.raw), variants: [], notes: [] };
  const subjectAt = located.find((l) => isProcessEvent(fieldReader(l.event)));
  if (!subjectAt) {
    hit.notes.push('its events carry no command line or process image to vary');
    return hit;
  }
  const subject = subjectAt.event;
  hit.rewrittenLine = records ? 0 : subject.line;
  hit.rewrittenEvent = subjectAt.where;
  const unwritable = rewriteEvent(subject.raw, new Map());
  if (!unwritable.ok) {
    hit.notes.push(`${subjectAt.where}: ${unwritable.reason}`);
    return hit;
  }
  const runOn = (raws: string[]) => {
    writeFileSync(variantLog, raws.join('\n') + '\n');
    return runDetection({ ...options, log: variantLog, metadata: { ...run.metadata, ...subject.metadata }, explain: true });
  };
  const baseline = await runOn(hit.lines);
  if (!baseline.ok || baseline.results.length === 0) {
    hit.notes.push('its events alone do not fire the detection (it needs other events of the log), so no variant can be judged');
    return hit;
  }
  const leftOut = optionsLeftOut(fieldReader(subject));
  if (leftOut > 0) hit.notes.push(`${subjectAt.where}: only the first ${MAX_VARIED_OPTIONS} options of the command line were varied (${leftOut} more)`);
  for (const variant of generateVariants(fieldReader(subject))) {
    if (options.signal?.aborted) break;
    const rewritten = variantEvents(events, subject, variant.changes);
    if ('reason' in rewritten) {
      hit.notes.push(`${variant.technique}: ${rewritten.reason}`);
      continue;
    }
    const outcome = await runOn(rewritten.raws);
    if (!outcome.ok) {
      hit.notes.push(`${variant.technique}: the run failed: ${outcome.problems.map((p) => p.message).join('; ')}`);
      continue;
    }
    const evades = outcome.results.length === 0;
    const rejectedBy = evades ? rejectingClause(baseline.explain, outcome.explain) : undefined;
    hit.variants.push({
      technique: variant.technique, title: technique(variant.technique).title, field: variant.field, value: variant.value, changes: Object.fromEntries(variant.changes), ...(variant.option ? { option: variant.option } : {}), evades,
      ...(rejectedBy ? { rejectedBy } : {}),
    });
  }
  return hit;
}

/**
 * The hit's events as the variant's attack would log them: the subject rewritten, and so is every other
 * event of the hit whose field holds the same text as the subject's did (the network connection of the
 * same image, the same command line run again): the same thing, changed the same way.
 */
function variantEvents(events: LogEvent[], subject: LogEvent, changes: ReadonlyMap<string, string>): { raws: string[] } | { reason: string } {
  const original = fieldReader(subject);
  const raws: string[] = [];
  for (const event of events) {
    const read = fieldReader(event);
    const own = new Map([...changes].filter(([name]) => read(name) !== undefined && read(name) === original(name)));
    if (own.size === 0) {
      raws.push(event.raw);
      continue;
    }
    const rewritten = rewriteEvent(event.raw, own);
    if (!rewritten.ok) return { reason: rewritten.reason };
    raws.push(rewritten.raw);
  }
  return { raws };
}

/** The first predicate the original satisfied and the variant did not; else the first command that kept rows of the original only. */
function rejectingClause(original: ExplainEntry[], variant: ExplainEntry[]): RejectingClause | undefined {
  const lost = (pick: (e: ExplainEntry) => boolean) =>
    variant.find((entry, i) => pick(entry) && original[i] !== undefined && original[i].label === entry.label && original[i].count > 0 && entry.count === 0);
  const found = lost((e) => e.kind === 'predicate') ?? lost((e) => e.kind === 'stage');
  if (!found) return undefined;
  return {
    clause: found.kind === 'stage' ? `| ${found.label}` : found.label, span: found.span, range: found.range, exact: found.exact, command: found.command,
    ...(found.predicate ? { predicate: found.predicate } : {}),
  };
}
