import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeRequirement } from '../engine/eval/fastPath';
import { runDetection, type DetectionRun } from '../engine/eval/runDetection';
import type { EventMetadata } from '../engine/event';
import { savedSearchLabel } from '../workspace/confDocuments';
import { notALog } from '../workspace/confine';
import { readRecordTexts, recordKey } from '../engine/readers/evtxRecords';
import { decodeText } from '../engine/readers/textEncoding';
import { describeEvents, describeRecord, type RecordPosition } from '../text/logPosition';
import { attackDataMapCandidates, findSampleLog } from '../workspace/sampleLog';
import { choice, parseArgs, UsageError, type ParsedArgs } from './args';
import type { CliIo } from './io';
import { printable, printableLines } from './terminalText';
import { displayPath } from './report';
import { checkTargets, geoipDatabaseArg, loadProject, namedKind, type LoadedProject } from './workspaceArgs';

export const runUsage = `spl-detect run FILE [--log LOG] [--root DIR] [--macros DIR] [--sourcetype ST] [--source S]
                  [--host H] [--index I] [--format table|json|csv] [--explain] [--max-events N] [--max-results N]
                  [--geoip FILE.mmdb] [--stanza NAME]

Runs a detection (its search:), a .spl file or a saved search of savedsearches.conf (--stanza NAME; the
first one by default) on a log file with the local engine, as Splunk would,
and prints each result row with the log lines of the events behind it. LOG may be a text log (UTF-8
or UTF-16), a Windows .evtx file or a folder of .evtx files: an event of an .evtx file is shown as its
record ("security.evtx record 1234 (chunk 5)"). --explain adds, for each
clause of the search, how many events satisfied it (and rows in/out of each command), at its place
in FILE. source/sourcetype default to the detection's tests[0].attack_data[0] (for an .evtx file: the
record's, XmlWinEventLog:<Channel> and XmlWinEventLog); without --log, the
data URL there is looked up in attack_data_map.json at the workspace root (see samples/README.md).
--geoip names the MaxMind database iplocation reads (Splunk's is $SPLUNK_HOME/share/GeoLite2-City.mmdb).
Exit 0 when the run completed, 1 when it failed (unsupported command, bad log ...), 2 on bad usage.`;

export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  return values ? values[values.length - 1] : undefined;
}

function count(args: ParsedArgs, name: string): number | undefined {
  const text = single(args, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) === 0) throw new UsageError(`--${name} must be a positive whole number`);
  return Number(text);
}

/**
 * The log to read: --log as given (a regular file, or a folder of .evtx files), else the local copy of the detection's
 * test data that `attack_data_map.json` in a workspace root names, inside the read scope.
 */
export function logToRead(args: ParsedArgs, io: CliIo, loaded: LoadedProject, file: string): string {
  const given = single(args, 'log');
  if (given !== undefined) {
    const log = resolve(io.cwd, given);
    const problem = notALog(log, `--log ${given}`);
    if (problem) throw new UsageError(problem);
    return log;
  }
  const lookup = findSampleLog(loaded.project, file, attackDataMapCandidates(file, loaded.roots), loaded.scope);
  if (lookup.found) return lookup.log;
  throw new UsageError(`run needs --log LOG: no sample log for this detection (${lookup.reason})`);
}

export async function runRun(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    valued: ['log', 'root', 'macros', 'sourcetype', 'source', 'host', 'index', 'format', 'max-events', 'max-results', 'geoip', 'stanza'],
    booleans: ['explain'],
  });
  const format = choice(args, 'format', ['table', 'json', 'csv'] as const, 'table');
  const [file, ...extra] = checkTargets(args, io, 'run');
  if (extra.length > 0) throw new UsageError('run takes exactly one FILE');
  const kind = namedKind(file);
  if (kind !== 'detection' && kind !== 'spl' && kind !== 'savedsearches-conf') {
    throw new UsageError(`${file} is neither a detection YAML, a .spl file nor a savedsearches.conf`);
  }
  const stanza = single(args, 'stanza');
  if (stanza !== undefined && kind !== 'savedsearches-conf') throw new UsageError('--stanza names a saved search of a savedsearches.conf');
  const maxEvents = count(args, 'max-events');
  const maxResults = count(args, 'max-results');
  const geoipDatabase = geoipDatabaseArg(args, io);
  const loaded = loadProject(args, [file], io);
  const { project, scope } = loaded;
  if (!project.document(file)) project.upsert(file, readFileSync(file, 'utf8'), kind);
  const log = logToRead(args, io, loaded, file);
  const metadata: EventMetadata = {};
  for (const key of ['source', 'sourcetype', 'host', 'index'] as const) {
    const value = single(args, key);
    if (value !== undefined) metadata[key] = value;
  }
  const run = await runDetection({
    project,
    path: file,
    log,
    metadata,
    explain: args.flags.has('explain'),
    scope,
    ...(geoipDatabase ? { geoipDatabase } : {}),
    ...(stanza !== undefined ? { search: savedSearchLabel(stanza) } : {}),
    limits: { ...(maxEvents ? { maxEvents } : {}), ...(maxResults ? { maxResults } : {}) },
  });
  const shown = displayPath(file, io.cwd);
  if (format === 'json') io.out(JSON.stringify(jsonReport(run, shown, args.flags.has('explain'), io.cwd), null, 2) + '\n');
  else {
    io.out(format === 'csv' ? csv(run) : table(run, log, io.cwd));
    if (args.flags.has('explain')) io.out(printableLines(explainText(run, shown, io.cwd)));
  }
  for (const p of run.problems) io.err(printable(`${shown}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} ${p.code}: ${p.message}`) + '\n');
  if (format !== 'json') {
    const s = run.stats;
    const needs = s.requiredLiterals.length + s.requiredWords.length > 0 ? ` (${s.logFormat === 'evtx' ? 'records' : 'lines'} without ${describeRequirement(s.requiredLiterals, s.requiredWords)})` : '';
    io.err(printable(`${run.results.length} result(s); ${s.eventsRead} events read, ${s.eventsUnparsed} unparsed, ${s.eventsFiltered} skipped by the fast path${needs}, ${s.ms.toFixed(1)} ms`) + '\n');
  }
  return run.ok ? 0 : 1;
}

/** Results as JSON: `events` are lines of a text log; an .evtx log's results carry `records` (`events` empty), each file shown as on the command line. */
function jsonReport(run: DetectionRun, file: string, withExplain: boolean, cwd: string) {
  return {
    results: run.results.map((result) => (result.records ? { ...result, records: result.records.map((r) => shownRecord(r, cwd)) } : result)),
    stats: run.stats,
    ...(withExplain ? { explain: run.explain.map((e) => ({ ...e, file, line: e.range.start.line + 1, column: e.range.start.character + 1 })) } : { explain: [] }),
    problems: run.problems.map((p) => ({ file, line: p.range.start.line + 1, column: p.range.start.character + 1, severity: p.severity, code: p.code, message: p.message })),
  };
}

function columns(run: DetectionRun): string[] {
  const names: string[] = [];
  for (const result of run.results) for (const name of Object.keys(result.fields)) if (!names.includes(name)) names.push(name);
  return names;
}

function cellText(value: string | string[] | undefined, separator: string): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(separator) : value;
}

function shownRecord(position: RecordPosition, cwd: string): RecordPosition {
  return position.file === undefined ? position : { ...position, file: displayPath(position.file, cwd) };
}

/** Each result as `name = value` lines, then the log lines (or .evtx records) of its events. */
function table(run: DetectionRun, log: string, cwd: string): string {
  if (run.results.length === 0) return '';
  const wanted = new Set(run.results.flatMap((r) => r.events));
  const lines = readLines(log, wanted);
  const records = readRecordTexts(run.results.flatMap((r) => r.records ?? []));
  const excerpt = (text: string) => printable(text.length > 200 ? text.slice(0, 197) + '...' : text);
  const names = columns(run);
  const width = Math.min(32, Math.max(...names.map((n) => printable(n).length)));
  const out: string[] = [];
  run.results.forEach((result, i) => {
    out.push(`result ${i + 1}: ${eventsText(result, cwd)}`);
    for (const name of names) {
      if (result.fields[name] === undefined) continue;
      out.push(`  ${printable(name).padEnd(width)} = ${printable(cellText(result.fields[name], ' | '))}`);
    }
    for (const line of result.events) out.push(`  ${String(line).padStart(6)}: ${excerpt(lines.get(line) ?? '')}`);
    for (const record of result.records ?? []) {
      out.push(`  ${printable(describeRecord(record))}: ${excerpt(records.get(recordKey(record)) ?? '(no longer in the file)')}`);
    }
    out.push('');
  });
  return out.join('\n');
}

/** Which log lines (or .evtx records) a result row comes from; a row may come from none (stats over no events, inputlookup). */
function eventsText(result: DetectionRun['results'][number], cwd: string): string {
  if (result.events.length === 0 && (result.records ?? []).length === 0) return 'from no log event';
  return printable(`events at ${describeEvents({ events: result.events, ...(result.records ? { records: result.records.map((r) => shownRecord(r, cwd)) } : {}) })}`);
}

/** The text of the wanted lines (1-based), read once (UTF-16 decoded); a multi-line event shows its first line. */
function readLines(path: string, wanted: Set<number>): Map<number, string> {
  const found = new Map<number, string>();
  if (wanted.size === 0) return found;
  const text = decodeText(readFileSync(path));
  let line = 1;
  let start = 0;
  while (start <= text.length && found.size < wanted.size) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    if (wanted.has(line)) found.set(line, text.slice(start, stop).replace(/\r$/, ''));
    if (end < 0) break;
    start = end + 1;
    line++;
  }
  return found;
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV of the results, multivalue fields joined by newlines (as Splunk exports them), plus `_events`: lines, or .evtx records one a line. */
function csv(run: DetectionRun): string {
  const names = columns(run);
  const rows = [[...names, '_events'].map(csvCell).join(',')];
  for (const result of run.results) {
    const events = result.records ? result.records.map(describeRecord).join('\n') : result.events.join(' ');
    rows.push([...names.map((n) => csvCell(cellText(result.fields[n], '\n'))), csvCell(events)].join(','));
  }
  return rows.join('\n') + '\n';
}

function explainText(run: DetectionRun, file: string, cwd: string): string {
  const out = ['explain:'];
  for (const e of run.explain) {
    const at = `${file}:${e.range.start.line + 1}:${e.range.start.character + 1}`;
    const counts = e.kind === 'stage' ? `${e.rowsIn} in -> ${e.rowsOut} out` : `${e.count} of ${e.evaluated}`;
    const via = e.exact ? '' : ` (via ${e.related?.[0]?.file ? displayPath(e.related[0].file, cwd) : 'a macro'})`;
    out.push(`  ${at}  ${e.kind === 'stage' ? `| ${e.label}` : e.label}: ${counts}${via}`);
  }
  return out.join('\n') + '\n';
}
