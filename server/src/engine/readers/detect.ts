import { looksLikeCsvHeader } from './csvAssembler';
import { FILE_SIGNATURE } from './evtx/reader';
import type { TextLogFormat } from './types';

/** Bytes needed to tell an .evtx file: its signature. */
export const EVTX_SIGNATURE_BYTES = FILE_SIGNATURE.length;

/** Whether the log is a Windows .evtx file: known by its `ElfFile\0` signature, never by its name. */
export function isEvtx(head: Buffer): boolean {
  return head.length >= EVTX_SIGNATURE_BYTES && head.toString('latin1', 0, EVTX_SIGNATURE_BYTES) === FILE_SIGNATURE;
}

/**
 * Non-blank lines the format is decided from (all of them in a shorter log): enough that an export
 * comment, a banner or a damaged line at the top is outvoted by the events below it.
 */
export const FORMAT_SAMPLE_LINES = 32;

export interface FormatDecision {
  format: TextLogFormat;
  /** Index in the sample of the CSV header (lines above it are not the table's); 0 otherwise. */
  header: number;
}

/**
 * The format of a log from a sample of its first non-blank lines (never from the file name), by
 * majority: lines starting with `<` vote XML, `{` JSON, any other line plain text (`#` comment lines
 * do not vote). XML or JSON wins when at least as many lines vote for it as for text; text is CSV
 * when its first non-comment line reads as a header of field names. The reader then counts and
 * reports every line the format cannot read (an `# exported ...` line above XML events is one).
 */
export function detectFormat(sample: readonly string[]): FormatDecision {
  let xml = 0;
  let json = 0;
  let other = 0;
  let firstOther = -1;
  sample.forEach((line, index) => {
    const text = line.trimStart();
    if (text.startsWith('#')) return;
    if (text.startsWith('<')) xml++;
    else if (text.startsWith('{')) json++;
    else if (other++ === 0) firstOther = index;
  });
  const structured = Math.max(xml, json);
  if (structured > 0 && structured >= other) return { format: xml >= json ? 'xml' : 'json', header: 0 };
  if (firstOther >= 0 && looksLikeCsvHeader(sample[firstOther].trimStart())) return { format: 'csv', header: firstOther };
  return { format: 'text', header: 0 };
}
