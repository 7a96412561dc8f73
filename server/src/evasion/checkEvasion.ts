// The evasion check: run the detection on its log, and for each hit rewrite the process event behind it
// into every variant of facts.json, run the detection again with the same engine on the hit's events so
// rewritten, and say which variants still match and which evade, with the clause that rejected each
// (the first clause the original events satisfied and the variant's do not).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLog } from '../engine/readers/readLog';
import type { LogEvent } from '../engine/event';
import { runDetection, type DetectionRun, type ExplainEntry, type FileRange, type RunDetectionOptions } from '../engine/eval/runDetection';
import type { PredicateKind } from '../engine/eval/explain';
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
  /** 1-based lines of the hit's events in the log. */
  events: number[];
  /** The text of those events. */
  lines: string[];
  /** The line of the event the variants rewrite. */
  rewrittenLine?: number;
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
  /** A text log file (an .evtx log's records are not rewritten yet). */
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
  if (run.results.some((r) => r.records !== undefined)) {
    return { run, hits: [], problems: ['evade rewrites events of text logs (XML or JSON lines); an .evtx log\'s records are not rewritten yet: export them as XmlWinEventLog text first'] };
  }
  const results = run.results.slice(0, maxHits);
  const problems = results.length < run.results.length ? [`only the first ${results.length} of ${run.results.length} hits were varied`] : [];
  const events = await eventsAt(options, run, new Set(results.flatMap((r) => r.events)));
  const hits: HitEvasion[] = [];
  // Each variant is a log file of its own: a search's subsearches (a join with another dataset) read the log again by path.
  const folder = mkdtempSync(join(tmpdir(), 'spl-detect-evade-'));
  try {
    for (const [index, result] of results.entries()) {
      if (options.signal?.aborted) break;
      const hitEvents = result.events.map((line) => events.get(line)).filter((e): e is LogEvent => e !== undefined);
      hits.push(await checkHit(options, run, hitEvents, join(folder, 'variant.log')));
      options.onProgress?.(index + 1, results.length);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return { run, hits, problems };
}

async function eventsAt(options: EvasionOptions, run: DetectionRun, lines: Set<number>): Promise<Map<number, LogEvent>> {
  const found = new Map<number, LogEvent>();
  if (lines.size === 0) return found;
  for await (const event of readLog(options.log, { ...run.metadata, signal: options.signal })) {
    if (lines.has(event.line)) found.set(event.line, event);
    if (found.size === lines.size) break;
  }
  return found;
}

function fieldReader(event: LogEvent): FieldReader {
  return (name) => {
    const value = event.fields.get(name);
    return Array.isArray(value) ? value[0] : value;
  };
}

async function checkHit(options: EvasionOptions, run: DetectionRun, events: LogEvent[], variantLog: string): Promise<HitEvasion> {
  const hit: HitEvasion = { events: events.map((e) => e.line), lines: events.map((e) => e.raw), variants: [], notes: [] };
  const subject = events.find((e) => isProcessEvent(fieldReader(e)));
  if (!subject) {
    hit.notes.push('its events carry no command line or process image to vary');
    return hit;
  }
  hit.rewrittenLine = subject.line;
  const unwritable = rewriteEvent(subject.raw, new Map());
  if (!unwritable.ok) {
    hit.notes.push(`line ${subject.line}: ${unwritable.reason}`);
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
  if (leftOut > 0) hit.notes.push(`line ${subject.line}: only the first ${MAX_VARIED_OPTIONS} options of the command line were varied (${leftOut} more)`);
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
    if (!rewritten.ok) return { reason: `line ${event.line}: ${rewritten.reason}` };
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
