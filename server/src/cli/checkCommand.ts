import { discoverFiles } from '../workspace/discover';
import { describeCode } from './codes';
import { choice, parseArgs } from './args';
import type { CliIo } from './io';
import { displayPath, formatText, hasErrors, toFileDiagnostics, type CheckReport } from './report';
import { toSarif } from './sarif';
import { checkTargets, loadProject } from './workspaceArgs';

export const checkUsage = `spl-detect check PATH... [--format text|json|sarif] [--root DIR] [--macros DIR]

Reports parse, macro and document diagnostics for every SPL file under the paths, with macros
expanded from the workspace (--root, default: the nearest folder above PATH holding macros/ or
detections/), extra macro folders (--macros, repeatable) and the built-in CIM macros.
Exit 0 without errors, 1 with errors, 2 on bad usage.`;

export function runCheck(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, { valued: ['format', 'root', 'macros'], booleans: [] });
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const targets = checkTargets(args, io, 'check');
  const { project } = loadProject(args, targets, io);
  const files = discoverFiles(targets);
  const report: CheckReport = { files: files.length, searches: 0, diagnostics: [] };
  for (const file of files) {
    const analysis = project.analyze(file);
    if (!analysis) continue;
    report.searches += analysis.searches.length;
    report.diagnostics.push(...toFileDiagnostics(displayPath(file, io.cwd), analysis.document.text, analysis.diagnostics));
  }
  if (format === 'sarif') io.out(JSON.stringify(toSarif(report, io.cwd, describeCode, '0.1.0'), null, 2) + '\n');
  else if (format === 'json') io.out(JSON.stringify(report, null, 2) + '\n');
  else io.out(formatText(report));
  return hasErrors(report) ? 1 : 0;
}
