// The evasion check behind the editor: a run asked for with `evasion: true` (VS Code's "Run on sample")
// goes on, once it has hits, with `checkHits` (server/src/evasion/) on those hits before it answers, so
// CodeLens and inlay hints show both when the editor refreshes them. The check is kept per uri with the
// version the run used; a newer run or a close drops it. `splDetect/evasion` answers with it.
import { checkHits, type EvasionOptions, type EvasionReport } from '../evasion/checkEvasion';
import { certainFixes } from '../evasion/fixes';
import type { DetectionRun } from '../engine/eval/runDetection';
import type { Diagnostic } from '../text/diagnostic';
import { LineIndex } from '../text/lineIndex';
import type { Span } from '../text/span';
import type { ServerContext } from './context';
import type { EvasionParams, EvasionResult } from './protocol';

/** Hits varied per run: each costs one run per variant (about ten). */
const MAX_HITS = 20;

/** The last evasion check of each document's run. */
export class EvasionChecks {
  private readonly checks = new Map<string, EvasionResult>();

  set(uri: string, check: EvasionResult): void {
    this.checks.set(uri, check);
  }

  /** The check of the run on exactly `version`. */
  fresh(uri: string, version: number | null): EvasionResult | undefined {
    const check = this.checks.get(uri);
    return check && check.version === version ? check : undefined;
  }

  /** The last check, stale or not (CodeLens says which). */
  latest(uri: string): EvasionResult | undefined {
    return this.checks.get(uri);
  }

  delete(uri: string): void {
    this.checks.delete(uri);
  }
}

/**
 * Checks `run`'s hits (the run made with `options`) and keeps the answer for `uri`; a run without hits,
 * failed or cancelled keeps none. Cancelled with the run's own signal.
 */
export async function checkEvasionOfRun(context: ServerContext, options: EvasionOptions, run: DetectionRun, uri: string, version: number | null): Promise<void> {
  context.evasions.delete(uri);
  if (!run.ok || run.stats.cancelled || run.results.length === 0) return;
  const report = await checkHits(options, run, MAX_HITS);
  if (options.signal?.aborted) return;
  const analysis = options.project.analyze(options.path);
  context.evasions.set(uri, toResult(report, analysis?.document.text ?? '', analysis?.diagnostics ?? [], version));
}

export function evasionRequest(context: ServerContext, params: EvasionParams): EvasionResult | null {
  return typeof params?.uri === 'string' ? (context.evasions.latest(params.uri) ?? null) : null;
}

function toResult(report: EvasionReport, fileText: string, diagnostics: readonly Diagnostic[], version: number | null): EvasionResult {
  const lines = new LineIndex(fileText);
  const range = (span: Span) => ({ start: lines.positionAt(span.start), end: lines.positionAt(span.end) });
  const verdicts = report.hits.flatMap((hit) => hit.variants.map((variant) => ({ hit, variant })));
  return {
    version,
    hits: report.hits.length,
    variants: verdicts.length,
    evading: verdicts
      .filter(({ variant }) => variant.evades)
      .map(({ hit, variant }) => ({
        technique: variant.technique, title: variant.title, field: variant.field, value: variant.value, line: hit.rewrittenLine ?? 0, event: hit.rewrittenEvent ?? '',
        ...(variant.rejectedBy ? { rejectedBy: { clause: variant.rejectedBy.clause, range: variant.rejectedBy.range, exact: variant.rejectedBy.exact } } : {}),
      })),
    fixes: certainFixes(verdicts.map(({ variant }) => variant), fileText, diagnostics).map((fix) => ({
      title: fix.title, clause: range(fix.at), edits: fix.edits.map((edit) => ({ range: range(edit.span), newText: edit.newText })),
    })),
    notes: [...report.problems, ...report.hits.flatMap((hit) => hit.notes.map((note) => `line ${hit.events.join(', ')}: ${note}`))],
  };
}
