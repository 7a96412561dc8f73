import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../text/diagnostic';
import type { CheckReport } from './report';

export interface RuleDescription {
  id: string;
  name?: string;
  summary?: string;
  helpUri?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, rules for every code reported, results with
 * 1-based regions (columns in UTF-16 code units, SARIF's default columnKind) relative to %SRCROOT%.
 */
export function toSarif(report: CheckReport, rootDir: string, describe: (code: string) => RuleDescription, version: string): object {
  const codes = [...new Set(report.diagnostics.map((d) => d.code))].sort();
  const rules = codes.map((code) => {
    const rule = describe(code);
    return {
      id: code,
      ...(rule.name ? { name: rule.name } : {}),
      shortDescription: { text: rule.summary ?? code },
      ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    };
  });
  const results = report.diagnostics.map((d) => ({
    ruleId: d.code,
    ruleIndex: codes.indexOf(d.code),
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(d.file),
          region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
        },
      },
    ],
  }));
  const rootUri = pathToFileURL(rootDir.endsWith('/') ? rootDir : rootDir + '/').href;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'spl-detect', version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        results,
      },
    ],
  };
}

/** Files under the working folder are relative to %SRCROOT% (what code scanning maps to the repository); others are file URIs. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('\\').join('/').split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}
