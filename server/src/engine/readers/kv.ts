import { addFieldValue, type FieldMap } from '../event';
import { cleanKey } from './winXml';

// Splunk's automatic key=value extraction (KV_MODE=auto), approximated: a key starts after a
// delimiter, the value is double- or single-quoted or runs to whitespace, `,` or `;`.
const PAIR = /(?:^|[\s,;(\[{|'"])([A-Za-z_][A-Za-z0-9_.\-]*)=(?:"([^"]*)"|'([^']*)'|([^\s,;]*))/g;

/** `key=value` pairs of a plain-text event; repeated keys become multivalue; empty values are skipped. */
export function extractKeyValues(text: string): FieldMap {
  const fields: FieldMap = new Map();
  for (const m of text.matchAll(PAIR)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (value.length > 0) addFieldValue(fields, m[1], value);
  }
  return fields;
}

const HEADER_LINE = /^([A-Za-z][A-Za-z0-9_ ]*)=(.*)$/;
const MESSAGE_LINE = /^\s*([A-Za-z][A-Za-z0-9 ]*[A-Za-z0-9]):\s+(\S.*?)\s*$/;

/**
 * Classic (non-XML) WinEventLog text: `Key=Value` header lines (`LogName=Security`,
 * `EventCode=4688`), then the rendered message whose `Name:<tab>value` lines become fields with
 * spaces turned to `_` (`Account Name:` -> `Account_Name`), repeated names multivalue, as the
 * Splunk Add-on for Microsoft Windows extracts them. `Message` holds the message text.
 */
export function extractClassicWinEventLog(text: string): FieldMap {
  const fields: FieldMap = new Map();
  const lines = text.split('\n');
  let messageStart = -1;
  for (let i = 1; i < lines.length; i++) {
    const header = HEADER_LINE.exec(lines[i]);
    if (header && messageStart < 0) {
      const name = cleanKey(header[1].trim());
      if (name === 'Message') {
        messageStart = i;
        if (header[2].length > 0) addFieldValue(fields, 'Message', lines.slice(i).join('\n').slice(8));
        continue;
      }
      if (header[2].length > 0) addFieldValue(fields, name, header[2]);
      continue;
    }
    if (messageStart < 0) continue;
    const pair = MESSAGE_LINE.exec(lines[i]);
    if (pair) addFieldValue(fields, cleanKey(pair[1]), pair[2]);
  }
  if (fields.has('EventCode') && !fields.has('EventID')) fields.set('EventID', fields.get('EventCode')!);
  return fields;
}
