import { readFileSync } from 'node:fs';
import type { EventMetadata } from '../engine/event';
import { checkEvasion, type EvasionReport, type HitEvasion, type VariantVerdict } from '../evasion/checkEvasion';
import { certainFixes, fixesFor } from '../evasion/fixes';
import type { Diagnostic } from '../text/diagnostic';
import { LineIndex } from '../text/lineIndex';
import { describeEvents } from '../text/logPosition';
import { choice, parseArgs, UsageError } from './args';
import type { CliIo } from './io';
import { displayPath } from './report';
import { logToRead, single } from './runCommand';
import { progressBar } from './progressBar';
import { printable } from './terminalText';
import { checkTargets, loadProject, namedKind } from './workspaceArgs';

export const evadeUsage = `spl-detect evade FILE [--log LOG] [--root DIR] [--macros DIR] [--sourcetype ST] [--source S] [--format table|json]

Runs a detection on its log and, for each hit, rewrites the process event behind it into the variants
of the same attack its program accepts (another option character, case, a superscript letter,
shorthands, quotes, the program's path, a renamed copy, white space: docs/evasion.md lists each with its
source), runs the detection on each variant with the same engine and prints which still match and which
evade, grouped by technique, with the clause that rejected each evading variant at its place in FILE.
LOG and the source/sourcetype defaults are those of \`spl-detect run\`. Windows XML and JSON events are
rewritten, and the records of an .evtx log (as XmlWinEventLog text). Exit 0 when no variant evades, 1
when some variant evades (or the run failed), 2 on bad usage.`;

export async function runEvade(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { valued: ['log', 'root', 'macros', 'sourcetype', 'source', 'format'], booleans: [] });
  const format = choice(args, 'format', ['table', 'json'] as const, 'table');
  const [file, ...extra] = checkTargets(args, io, 'evade');
  if (extra.length > 0) throw new UsageError('evade takes exactly one FILE');
  const kind = namedKind(file);
  if (kind !== 'detection' && kind !== 'spl') throw new UsageError(`${file} is neither a detection YAML nor a .spl file`);
  const loaded = loadProject(args, [file], io);
  const { project, scope } = loaded;
  if (!project.document(file)) project.upsert(file, readFileSync(file, 'utf8'), kind);
  const log = logToRead(args, io, loaded, file);
  const metadata: EventMetadata = {};
  for (const key of ['source', 'sourcetype'] as const) {
    const value = single(args, key);
    if (value !== undefined) metadata[key] = value;
  }
  const report = await checkEvasion({
    project, path: file, log, metadata, scope,
    onProgress: (done, total) => io.err(progressLine(done, total, io.errIsTTY === true)),
  });
  const shown = displayPath(file, io.cwd);
  for (const p of report.run.problems) io.err(printable(`${shown}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} ${p.code}: ${p.message}`) + '\n');
  for (const problem of report.problems) io.err(printable(`spl-detect evade: ${problem}`) + '\n');
  const analysis = project.analyze(file);
  const fileText = analysis?.document.text ?? '';
  io.out(format === 'json' ? JSON.stringify(jsonReport(report, shown, io.cwd), null, 2) + '\n' : table(report, shown, fileText, analysis?.diagnostics ?? []));
  if (!report.run.ok || report.problems.length > 0) return 1;
  return report.hits.some((h) => h.variants.some((v) => v.evades)) ? 1 : 0;
}

/** A bar redrawn in place on a terminal; a plain line per hit otherwise (a CI log). */
function progressLine(done: number, total: number, interactive: boolean): string {
  if (!interactive) return `checked hit ${done} of ${total}\n`;
  return `\r${progressBar(done / total)} checked hit ${done} of ${total}${done === total ? '\n' : ''}`;
}

function rejectedBy(variant: VariantVerdict, file: string) {
  const r = variant.rejectedBy;
  return r ? { clause: r.clause, file, line: r.range.start.line + 1, column: r.range.start.character + 1, endLine: r.range.end.line + 1, endColumn: r.range.end.character + 1, exact: r.exact } : null;
}

function jsonReport(report: EvasionReport, file: string, cwd: string) {
  return {
    hits: report.hits.map((hit) => ({
      events: hit.events,
      ...(hit.records ? { records: hit.records.map((r) => (r.file === undefined ? r : { ...r, file: displayPath(r.file, cwd) })) } : {}),
      lines: hit.lines,
      ...(hit.rewrittenLine !== undefined ? { rewrittenLine: hit.rewrittenLine } : {}),
      variants: hit.variants.map((v) => ({ technique: v.technique, field: v.field, value: v.value, evades: v.evades, rejectedBy: rejectedBy(v, file) })),
      notes: hit.notes,
    })),
  };
}

/** Per hit: the count, then each technique with its variants, evading ones first. */
function table(report: EvasionReport, file: string, fileText: string, diagnostics: readonly Diagnostic[]): string {
  const lines = new LineIndex(fileText);
  const fixes = certainFixes(report.hits.flatMap((hit) => hit.variants), fileText, diagnostics);
  if (report.run.ok && report.hits.length === 0) return 'no hits: nothing to vary\n';
  const out: string[] = [];
  report.hits.forEach((hit, i) => {
    const evading = hit.variants.filter((v) => v.evades).length;
    out.push(printable(`hit ${i + 1}: ${describeEvents(hit)}: ${evading} of ${hit.variants.length} variants evade`));
    for (const [technique, variants] of byTechnique(hit)) {
      out.push(`  ${technique}`);
      for (const v of [...variants].sort((a, b) => Number(b.evades) - Number(a.evades))) {
        const why = v.rejectedBy ? `  (rejected by ${v.rejectedBy.clause} at ${file}:${v.rejectedBy.range.start.line + 1}:${v.rejectedBy.range.start.character + 1})` : '';
        out.push(printable(`    ${v.evades ? 'EVADES ' : 'matches'} ${v.field}: ${v.value}${why}`));
        for (const fix of v.evades ? fixesFor(v, fixes) : []) {
          const at = lines.positionAt(fix.at.start);
          out.push(printable(`      fix: ${fix.title} (at ${file}:${at.line + 1}:${at.character + 1})`));
        }
      }
    }
    for (const note of hit.notes) out.push(printable(`  note: ${note}`));
    out.push('');
  });
  return out.join('\n');
}

function byTechnique(hit: HitEvasion): Map<string, VariantVerdict[]> {
  const groups = new Map<string, VariantVerdict[]>();
  for (const v of hit.variants) groups.set(v.technique, [...(groups.get(v.technique) ?? []), v]);
  return groups;
}
