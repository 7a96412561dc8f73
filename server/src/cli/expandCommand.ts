import { readFileSync } from 'node:fs';
import { expandSearch } from '../macros/expand';
import { formatPipeline } from '../macros/format';
import { spanToFile } from '../text/embeddedSearch';
import { parseArgs, UsageError } from './args';
import type { CliIo } from './io';
import { printable, printableLines } from './terminalText';
import { displayPath, toFileDiagnostics } from './report';
import { checkTargets, loadProject, namedKind } from './workspaceArgs';

export const expandUsage = `spl-detect expand FILE [--root DIR] [--macros DIR] [--raw]

Prints the fully expanded search of a detection (its search:) or a .spl file, one command per line
like Splunk's preview (--raw: exactly as Splunk would run it, on one line). Problems go to stderr.
Exit 0 when everything expanded, 1 when a macro could not be expanded, 2 on bad usage.`;

export function runExpand(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, { valued: ['root', 'macros'], booleans: ['raw'] });
  const [file, ...extra] = checkTargets(args, io, 'expand');
  if (extra.length > 0) throw new UsageError('expand takes exactly one FILE');
  const kind = namedKind(file);
  if (kind !== 'detection' && kind !== 'spl') throw new UsageError(`${file} is neither a detection YAML nor a .spl file`);
  const { project } = loadProject(args, [file], io);
  project.upsert(file, readFileSync(file, 'utf8'), kind);
  const document = project.document(file)!;
  const search = document.searches.find((s) => s.role === 'search' || s.role === 'spl-file');
  if (!search) {
    io.err(`${displayPath(file, io.cwd)}: no search to expand\n`);
    return 1;
  }
  const expansion = expandSearch(search.text, project.macros);
  // --raw is for programs: exactly the search Splunk would run.
  const text = args.flags.has('raw') ? expansion.text : printableLines(formatPipeline(expansion.text));
  io.out(text + '\n');
  const problems = expansion.diagnostics.map((d) => ({ ...d, span: spanToFile(search, d.span) }));
  for (const d of toFileDiagnostics(displayPath(file, io.cwd), document.text, problems)) {
    io.err(printable(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`) + '\n');
  }
  return expansion.complete ? 0 : 1;
}
