import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { discoverFiles } from '../workspace/discover';
import { readSplDocument } from '../workspace/documents';
import { analyzeDocument } from '../workspace/analyze';
import { choice, parseArgs, UsageError } from './args';
import { displayPath, formatText, hasErrors, toFileDiagnostics, type CheckReport } from './report';
import type { CliIo } from './io';

export const parseUsage = `spl-detect parse PATH... [--format text|json]

Parses every SPL search under the paths (detection YAML search: and drilldown_searches[].search,
macro YAML definition, .spl files, macros.conf and savedsearches.conf) and prints syntax diagnostics.
Exit 0 without errors, 1 with errors, 2 on bad usage.`;

export function runParse(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, { valued: ['format'], booleans: [] });
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  if (args.positionals.length === 0) throw new UsageError('parse needs at least one PATH');
  for (const path of args.positionals) {
    if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
  }
  const files = discoverFiles(args.positionals.map((p) => resolve(io.cwd, p)));
  const report: CheckReport = { files: files.length, searches: 0, diagnostics: [] };
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const analysis = analyzeDocument(readSplDocument(file, text));
    report.searches += analysis.searches.length;
    report.diagnostics.push(...toFileDiagnostics(displayPath(file, io.cwd), text, analysis.diagnostics));
  }
  io.out(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatText(report));
  return hasErrors(report) ? 1 : 0;
}
