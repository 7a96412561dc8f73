import { readFileSync } from 'node:fs';
import type { Severity } from '../text/diagnostic';
import { renderRuleDoc } from '../lint/docs';
import { describeCode, findRule } from './codes';
import { choice, parseArgs, UsageError, type ParsedArgs } from './args';
import type { CliIo } from './io';
import { displayPath, formatText, hasErrors, toFileDiagnostics, type CheckReport, type FileDiagnostic } from './report';
import { toSarif } from './sarif';
import { printable } from './terminalText';
import { attackCatalogueArg, checkTargets, filesUnder, loadProject, namedKind, warnWhenEmpty } from './workspaceArgs';

export const checkUsage = `spl-detect check PATH... [--format text|json|sarif] [--root DIR] [--macros DIR] [--rule ID]... [--severity LEVEL] [--attack FILE]

Reports parse, macro, document and lint diagnostics for every SPL file under the paths, with macros
expanded from the workspace (--root, default: the nearest folder above PATH holding macros/ or
detections/), extra macro folders (--macros, repeatable) and the built-in CIM macros. Lint rules
follow .spl-detect.json at the root (see docs/rules/README.md; \`spl-detect explain ID\` for a rule).
  --rule ID        show only these codes (repeatable; lint rules by id or name, or any code like MAC001)
  --severity LEVEL show only diagnostics at LEVEL or above: error, warning, information, hint
  --attack FILE    an ATT&CK STIX bundle (MITRE's enterprise-attack.json): detections' mitre_attack_id
                   entries are looked up in it (SPL157); without it only their format is checked
Exit 0 without errors among the diagnostics shown, 1 with errors, 2 on bad usage.`;

const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;

export function runCheck(argv: string[], io: CliIo): number {
  const args = parseArgs(argv, { valued: ['format', 'root', 'macros', 'rule', 'severity', 'attack'], booleans: [] });
  const format = choice(args, 'format', ['text', 'json', 'sarif'] as const, 'text');
  const minimum = choice(args, 'severity', SEVERITIES, 'hint');
  const codes = selectedCodes(args);
  const targets = checkTargets(args, io, 'check');
  const files = filesUnder(targets);
  warnWhenEmpty(files, targets, io, 'check');
  const attack = attackCatalogueArg(args, io);
  const { project } = loadProject(args, targets, io);
  if (attack) project.content.setAttack(attack);
  for (const problem of project.configProblems) io.err(`spl-detect: ${printable(problem)} (ignored)\n`);
  for (const file of files) if (!project.document(file)) project.upsert(file, readFileSync(file, 'utf8'), namedKind(file));
  const report: CheckReport = { files: files.length, searches: 0, diagnostics: [] };
  const shown = (d: FileDiagnostic) =>
    SEVERITIES.indexOf(d.severity) <= SEVERITIES.indexOf(minimum) && (!codes || codes.has(d.code));
  for (const file of files) {
    const analysis = project.analyze(file);
    if (!analysis) continue;
    report.searches += analysis.searches.length;
    report.diagnostics.push(...toFileDiagnostics(displayPath(file, io.cwd), analysis.document.text, analysis.diagnostics).filter(shown));
  }
  if (format === 'sarif') io.out(JSON.stringify(withRuleHelp(toSarif(report, io.cwd, (c) => describeCode(c), '0.1.0')), null, 2) + '\n');
  else if (format === 'json') io.out(JSON.stringify(report, null, 2) + '\n');
  else io.out(formatText(report));
  return hasErrors(report) ? 1 : 0;
}

/** `--rule` values as diagnostic codes; undefined when not given. Lint rules may be named. */
function selectedCodes(args: ParsedArgs): Set<string> | undefined {
  const values = args.options.get('rule');
  if (!values) return undefined;
  const codes = new Set<string>();
  for (const value of values.flatMap((v) => v.split(','))) {
    const rule = findRule(value);
    if (rule) codes.add(rule.meta.id);
    else if (/^[A-Z]{2,5}\d{3}$/i.test(value.trim()) && !/^SPL1\d\d$/i.test(value.trim())) codes.add(value.trim().toUpperCase());
    else throw new UsageError(`--rule: unknown rule '${value}' (see docs/rules/README.md)`);
  }
  return codes;
}

interface SarifLog {
  runs: { tool: { driver: { rules: { id: string; fullDescription?: unknown; help?: unknown }[] } } }[];
}

/** GitHub code scanning shows a rule's `help` markdown on each alert: give lint rules their doc page. */
function withRuleHelp(sarif: object): object {
  for (const run of (sarif as SarifLog).runs) {
    for (const entry of run.tool.driver.rules) {
      const rule = findRule(entry.id);
      if (!rule) continue;
      const page = renderRuleDoc(rule);
      entry.fullDescription = { text: rule.meta.doc.what.replace(/\s+/g, ' ') };
      entry.help = { text: page, markdown: page };
    }
  }
  return sarif;
}
