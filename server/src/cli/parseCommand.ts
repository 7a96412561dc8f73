import { readFileSync } from 'node:fs';
import { readSplDocument } from '../workspace/documents';
import { analyzeDocument } from '../workspace/analyze';
import { choice, parseArgs } from './args';
import { displayPath, formatText, hasErrors, toFileDiagnostics, type CheckReport } from './report';
import type { CliIo } from './io';
import { checkTargets, filesUnder, warnWhenEmpty } from './workspaceArgs';

export const parseUsage = `spl-detect parse PATH... [--format text|json]

Parses every SPL search under the paths (detection YAML search: and drilldown_searches[].search,
macro YAML definition, .spl files, macros.conf and savedsearches.conf) and prints syntax diagnostics.
Exit 0 without errors, 1 with errors, 2 on bad usage.`;

export function runParse(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, { valued: ['format'], booleans: [] });
  const format = choice(args, 'format', ['text', 'json'] as const, 'text');
  const targets = checkTargets(args, io, 'parse');
  const files = filesUnder(targets);
  warnWhenEmpty(files, targets, io, 'parse');
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
