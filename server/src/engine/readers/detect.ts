import { looksLikeCsvHeader } from './csvAssembler';
import type { LogFormat } from './types';

/**
 * The format of a log from its first non-blank line (never from the file name): `<` is XML,
 * `{` JSON lines, a header of plain field names CSV, anything else plain text.
 */
export function detectFormat(firstLine: string): LogFormat {
  const text = firstLine.trimStart();
  if (text.startsWith('<')) return 'xml';
  if (text.startsWith('{')) return 'json';
  if (looksLikeCsvHeader(text)) return 'csv';
  return 'text';
}
