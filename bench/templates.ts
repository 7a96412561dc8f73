// Event templates for the bench logs: the real XmlWinEventLog shapes of the corpus' data_sources
// `example_log`s, cut into literal text and slots the generator fills (time, record id, host, user,
// process ...). Each template also knows its fields as a flat JSON object, read with a small XML
// reader of its own so the JSON lines do not depend on the engine under test.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type SlotKind = 'time' | 'record' | 'computer' | 'user' | 'image' | 'commandLine' | 'parentImage' | 'parentCommandLine' | 'originalFileName' | 'processId' | 'ip';

export interface Slot {
  kind: SlotKind;
  /** The field the slot fills, in the JSON form. */
  field: string;
  /** Keep the template's number format (`0xf84` or `4100`). */
  hex?: boolean;
}

export interface Template {
  file: string;
  source: string;
  sourcetype: string;
  eventId: string;
  /** Literal XML around the slots: parts.length === slots.length + 1. */
  parts: string[];
  slots: Slot[];
  /** Every field of the example event, as the JSON form writes it (slot fields overwritten per event). */
  fields: Array<[string, string]>;
}

/** Data fields the generator varies, by the kind of value they hold. */
const DATA_SLOTS: Record<string, SlotKind> = {
  Image: 'image',
  NewProcessName: 'image',
  CommandLine: 'commandLine',
  ParentImage: 'parentImage',
  ParentProcessName: 'parentImage',
  ParentCommandLine: 'parentCommandLine',
  OriginalFileName: 'originalFileName',
  User: 'user',
  SubjectUserName: 'user',
  TargetUserName: 'user',
  ProcessId: 'processId',
  NewProcessId: 'processId',
  IpAddress: 'ip',
  SourceIp: 'ip',
  DestinationIp: 'ip',
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', apos: "'", quot: '"' };

export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|apos|quot);/g, (_, name: string) => ENTITIES[name]);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
}

/** Flat fields of one Windows XML event: System elements and attributes, EventData/UserData leaves. */
export function xmlFields(xml: string): Array<[string, string]> {
  const fields = new Map<string, string>();
  const system = /<System>([\s\S]*?)<\/System>/.exec(xml)?.[1] ?? '';
  for (const m of system.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) fields.set(m[1], decodeEntities(m[2]));
  for (const m of system.matchAll(/\s(\w+)='([^']*)'/g)) if (!fields.has(m[1])) fields.set(m[1], decodeEntities(m[2]));
  const id = fields.get('EventID');
  if (id !== undefined) fields.set('EventCode', id);
  const rest = xml.slice(xml.indexOf('</System>') + 1);
  for (const m of rest.matchAll(/<Data Name='([^']+)'>([^<]*)<\/Data>/g)) fields.set(m[1], decodeEntities(m[2]));
  const userData = /<UserData>([\s\S]*?)<\/UserData>/.exec(rest)?.[1];
  if (userData) for (const m of userData.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) fields.set(m[1], decodeEntities(m[2]));
  return [...fields];
}

/** Cuts an example event into literal parts and slots. */
function compile(xml: string): { parts: string[]; slots: Slot[] } {
  const parts: string[] = [];
  const slots: Slot[] = [];
  const pattern = /(SystemTime=')[^']*(')|(<EventRecordID>)\d*(<\/EventRecordID>)|(<Computer>)[^<]*(<\/Computer>)|(<Data Name='(\w+)'>)([^<]*)(<\/Data>)/g;
  let cursor = 0;
  for (const m of xml.matchAll(pattern)) {
    let slot: Slot | undefined;
    let open = '';
    let close = '';
    if (m[1]) [slot, open, close] = [{ kind: 'time', field: 'SystemTime' }, m[1], m[2]];
    else if (m[3]) [slot, open, close] = [{ kind: 'record', field: 'EventRecordID' }, m[3], m[4]];
    else if (m[5]) [slot, open, close] = [{ kind: 'computer', field: 'Computer' }, m[5], m[6]];
    else if (m[8] && DATA_SLOTS[m[8]]) {
      const kind = DATA_SLOTS[m[8]];
      [slot, open, close] = [{ kind, field: m[8], ...(kind === 'processId' && m[9].startsWith('0x') ? { hex: true } : {}) }, m[7], m[10]];
    }
    if (!slot) continue;
    parts.push(xml.slice(cursor, m.index) + open);
    slots.push(slot);
    cursor = m.index! + m[0].length - close.length;
  }
  parts.push(xml.slice(cursor));
  return { parts, slots };
}

/** The complete XML example logs of the corpus' data sources (cut-off ones are left out). */
export function loadTemplates(dataSourcesDir: string): Template[] {
  const templates: Template[] = [];
  for (const file of readdirSync(dataSourcesDir).filter((f) => f.endsWith('.yml')).sort()) {
    const doc = parse(readFileSync(join(dataSourcesDir, file), 'utf8')) as { source?: string; sourcetype?: string; example_log?: unknown };
    if (typeof doc.example_log !== 'string') continue;
    const xml = doc.example_log.trim().replace(/\r?\n/g, ' ');
    if (!xml.startsWith('<Event') || !xml.endsWith('</Event>')) continue;
    const fields = xmlFields(xml);
    const eventId = fields.find(([name]) => name === 'EventID')?.[1] ?? '';
    templates.push({ file, source: doc.source ?? '', sourcetype: doc.sourcetype ?? '', eventId, ...compile(xml), fields });
  }
  return templates;
}
