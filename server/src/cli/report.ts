import { relative } from 'node:path';
import type { Diagnostic, Severity } from '../text/diagnostic';
import { LineIndex } from '../text/lineIndex';
import { printable } from './terminalText';

/** A diagnostic as the CLI prints it: 1-based lines and columns in the file the user edits. */
export interface FileDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export interface CheckReport {
  files: number;
  searches: number;
  diagnostics: FileDiagnostic[];
}

export function toFileDiagnostics(file: string, text: string, diagnostics: Diagnostic[]): FileDiagnostic[] {
  const index = new LineIndex(text);
  return diagnostics.map((diagnostic) => {
    const start = index.positionAt(diagnostic.span.start);
    const end = index.positionAt(diagnostic.span.end);
    return {
      file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: diagnostic.severity,
      code: diagnostic.code,
      message: diagnostic.message,
    };
  });
}

export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
}

export function formatText(report: CheckReport): string {
  const lines = report.diagnostics.map((d) => printable(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`));
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length;
  lines.push(
    `${report.files} files, ${report.searches} searches: ${errors} errors, ${warnings} warnings, ` +
      `${report.diagnostics.length - errors - warnings} other`,
  );
  return lines.join('\n') + '\n';
}

export function hasErrors(report: CheckReport): boolean {
  return report.diagnostics.some((d) => d.severity === 'error');
}
