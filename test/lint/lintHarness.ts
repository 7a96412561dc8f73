// Runs lint rules on small in-memory workspaces: a search (as a .spl file or a detection YAML) plus
// optional macro definitions, through the same Project and analysis the CLI and the LSP use.
import { readAttackBundle } from '../../server/src/detection/attack';
import { rules } from '../../server/src/lint/registry';
import type { LintConfig, RuleSetting } from '../../server/src/lint/config';
import type { Diagnostic } from '../../server/src/text/diagnostic';
import { Project } from '../../server/src/workspace/project';

export const ROOT = '/lint-fixture';

export interface Workspace {
  /** Path relative to ROOT -> file text. */
  files: Record<string, string>;
  /** Only these rules run (default: all). */
  only?: string[];
  config?: LintConfig;
  /** An ATT&CK STIX bundle (JSON text) for the detection rules. */
  attack?: string;
}

/** A macro YAML file in the security_content layout. */
export function macroFile(name: string, definition: string, args: string[] = []): string {
  const lines = [`name: ${name}`, `definition: ${JSON.stringify(definition)}`, 'description: fixture macro'];
  if (args.length > 0) lines.push(`arguments:`, ...args.map((a) => `- ${a}`));
  return lines.join('\n') + '\n';
}

export function lintWorkspace(workspace: Workspace, file: string): { text: string; diagnostics: Diagnostic[]; errors: Diagnostic[] } {
  const project = new Project();
  for (const [path, text] of Object.entries(workspace.files)) project.upsert(`${ROOT}/${path}`, text);
  const settings: Record<string, RuleSetting> = {};
  if (workspace.only) for (const rule of rules) if (!workspace.only.includes(rule.meta.id)) settings[rule.meta.id] = 'off';
  project.setLintConfig({ rules: { ...settings, ...(workspace.config?.rules ?? {}) } });
  if (workspace.attack !== undefined) {
    const load = readAttackBundle(workspace.attack, 'fixture-attack.json');
    if ('error' in load) throw new Error(load.error);
    project.content.setAttack(load.catalogue);
  }
  const analysis = project.analyze(`${ROOT}/${file}`);
  if (!analysis) throw new Error(`no analysis for ${file}`);
  return {
    text: analysis.document.text,
    diagnostics: analysis.diagnostics.filter((d) => /^SPL1\d\d$/.test(d.code)),
    errors: analysis.diagnostics.filter((d) => d.severity === 'error'),
  };
}

/** Lints one search written as a .spl file. */
export function lintSearchText(search: string, options: Omit<Workspace, 'files'> & { macros?: Record<string, string> } = {}) {
  const files: Record<string, string> = { 'search.spl': search };
  for (const [name, definition] of Object.entries(options.macros ?? {})) files[`macros/${name}.yml`] = macroFile(name, definition);
  return lintWorkspace({ ...options, files }, 'search.spl');
}

/** The file text with a diagnostic's fix applied (edits in file offsets, applied from the end). */
export function applyFix(text: string, diagnostic: Diagnostic): string {
  const edits = [...(diagnostic.fix?.edits ?? [])].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  return result;
}
