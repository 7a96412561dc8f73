// A test about what happens to one search uses a bare detection (a name and a search), which the
// checks of the whole detection document (its keys, values, references, duplicates) rightly find
// incomplete. Such a test leaves those findings out by this one list, read from the rule registry.
import { rules } from '../../server/src/lint/registry';
import { isDocumentRule } from '../../server/src/lint/rule';

export const WHOLE_DOCUMENT_CODES: ReadonlySet<string> = new Set(rules.filter(isDocumentRule).map((rule) => rule.meta.id));

export function searchFindings<T extends { code?: string | number }>(findings: readonly T[]): T[] {
  return findings.filter((finding) => !WHOLE_DOCUMENT_CODES.has(String(finding.code)));
}

/** `.spl-detect.json` text turning the whole-document checks off, for a workspace of bare detections. */
export function configWithoutWholeDocumentChecks(): string {
  return JSON.stringify({ rules: Object.fromEntries([...WHOLE_DOCUMENT_CODES].map((code) => [code, 'off'])) });
}
