// Field extraction from one Windows event in XML (`renderXml=true`, sourcetype XmlWinEventLog), as
// the Splunk Add-on for Microsoft Windows and the Splunk Add-on for Sysmon expose it. Each rule is
// listed in docs/semantics.md ("Windows XML events"). A hand-written scanner, not a DOM: extraction is
// tolerant (a broken element loses that element, never the event) and costs one pass over the text.
import { addFieldValue, type FieldMap } from '../event';
import { decodeXmlEntities } from './xmlEntities';
import { parseTimestamp } from './timestamps';

interface Attribute {
  name: string;
  value: string;
}

interface StartTag {
  name: string;
  attributes: Attribute[];
  selfClosing: boolean;
  /** Index just past the tag's `>`. */
  end: number;
}

function isNameChar(code: number): boolean {
  // Letters, digits, `_`, `-`, `.`, `:` and anything non-ASCII.
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 58) ||
    code === 95 || code === 45 || code === 46 || code > 127
  );
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Parses the start tag at `at` (which holds `<`); undefined when it is not a well-formed start tag. */
function readStartTag(xml: string, at: number): StartTag | undefined {
  let i = at + 1;
  const nameStart = i;
  while (i < xml.length && isNameChar(xml.charCodeAt(i))) i++;
  if (i === nameStart) return undefined;
  const name = xml.slice(nameStart, i);
  const attributes: Attribute[] = [];
  for (;;) {
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    if (i >= xml.length) return undefined;
    const c = xml.charCodeAt(i);
    if (c === 62 /* > */) return { name, attributes, selfClosing: false, end: i + 1 };
    if (c === 47 /* / */) {
      return xml.charCodeAt(i + 1) === 62 ? { name, attributes, selfClosing: true, end: i + 2 } : undefined;
    }
    const attrStart = i;
    while (i < xml.length && isNameChar(xml.charCodeAt(i))) i++;
    if (i === attrStart) return undefined;
    const attrName = xml.slice(attrStart, i);
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    if (xml.charCodeAt(i) !== 61 /* = */) return undefined;
    i++;
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i++;
    const quote = xml.charCodeAt(i);
    if (quote !== 39 && quote !== 34) return undefined;
    const close = xml.indexOf(quote === 39 ? "'" : '"', i + 1);
    if (close < 0) return undefined;
    attributes.push({ name: attrName, value: decodeXmlEntities(xml.slice(i + 1, close)) });
    i = close + 1;
  }
}

/** Index of `</name>` at or after `from` (the end tag may carry spaces before `>`). */
function findEndTag(xml: string, name: string, from: number): number {
  return xml.indexOf(`</${name}`, from);
}

/**
 * Walks the elements between `from` and `to`, calling `onElement` for each start tag and `onLeaf`
 * for each element whose content is text only (entities decoded, whitespace kept).
 */
function walkElements(
  xml: string,
  from: number,
  to: number,
  onElement: (tag: StartTag) => void,
  onLeaf: (name: string, text: string) => void,
): void {
  let i = xml.indexOf('<', from);
  while (i >= 0 && i < to) {
    const next = xml.charCodeAt(i + 1);
    if (next === 47 /* / */ || next === 33 /* ! */ || next === 63 /* ? */) {
      i = xml.indexOf('<', i + 1);
      continue;
    }
    const tag = readStartTag(xml, i);
    if (!tag) {
      i = xml.indexOf('<', i + 1);
      continue;
    }
    onElement(tag);
    if (!tag.selfClosing) {
      const textEnd = xml.indexOf('<', tag.end);
      if (textEnd >= 0 && textEnd < to && xml.startsWith(`</${tag.name}`, textEnd)) {
        onLeaf(tag.name, decodeXmlEntities(xml.slice(tag.end, textEnd)));
      }
    }
    i = xml.indexOf('<', tag.end);
  }
}

interface Section {
  /** Index just past the section's start tag. */
  innerStart: number;
  /** Index of the section's end tag (or the event's end when it has none). */
  innerEnd: number;
}

function findSection(xml: string, name: string): Section | undefined {
  let at = xml.indexOf(`<${name}`);
  while (at >= 0) {
    const tag = readStartTag(xml, at);
    if (tag && tag.name === name) {
      if (tag.selfClosing) return { innerStart: tag.end, innerEnd: tag.end };
      const end = findEndTag(xml, name, tag.end);
      return { innerStart: tag.end, innerEnd: end < 0 ? xml.length : end };
    }
    at = xml.indexOf(`<${name}`, at + 1);
  }
  return undefined;
}

/**
 * Splunk's CLEAN_KEYS (on by default for transforms): characters other than letters, digits and `_`
 * become `_`, leading `_` and digits are dropped. `Data Name='Detection Time'` gives `Detection_Time`.
 */
export function cleanKey(name: string): string {
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return name;
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[_0-9]+/, '');
  return cleaned.length > 0 ? cleaned : name;
}

function setNonEmpty(fields: FieldMap, name: string, value: string): void {
  if (value.length > 0) addFieldValue(fields, name, value);
}

function extractSystem(xml: string, fields: FieldMap): void {
  const system = findSection(xml, 'System');
  if (!system) return;
  fields.set('System_Props_Xml', xml.slice(system.innerStart, system.innerEnd));
  walkElements(
    xml,
    system.innerStart,
    system.innerEnd,
    (tag) => {
      for (const attribute of tag.attributes) setNonEmpty(fields, attribute.name, attribute.value);
    },
    (name, text) => setNonEmpty(fields, name, text),
  );
  const eventId = fields.get('EventID');
  if (eventId !== undefined) fields.set('EventCode', eventId);
}

function extractEventData(xml: string, fields: FieldMap): void {
  const data = findSection(xml, 'EventData');
  if (!data) return;
  setNonEmpty(fields, 'EventData_Xml', xml.slice(data.innerStart, data.innerEnd));
  let at = xml.indexOf('<', data.innerStart);
  while (at >= 0 && at < data.innerEnd) {
    const tag = xml.charCodeAt(at + 1) === 47 ? undefined : readStartTag(xml, at);
    if (!tag) {
      at = xml.indexOf('<', at + 1);
      continue;
    }
    if (tag.selfClosing) {
      at = xml.indexOf('<', tag.end);
      continue;
    }
    const close = findEndTag(xml, tag.name, tag.end);
    if (close < 0 || close > data.innerEnd) break;
    const value = decodeXmlEntities(xml.slice(tag.end, close));
    const name = tag.name === 'Data' ? tag.attributes.find((a) => a.name === 'Name')?.value ?? 'Data' : tag.name;
    setNonEmpty(fields, cleanKey(name), value);
    at = xml.indexOf('<', close + 2);
  }
}

function extractUserData(xml: string, fields: FieldMap): void {
  const user = findSection(xml, 'UserData');
  if (!user) return;
  setNonEmpty(fields, 'UserData_Xml', xml.slice(user.innerStart, user.innerEnd));
  let first = true;
  walkElements(
    xml,
    user.innerStart,
    user.innerEnd,
    (tag) => {
      if (!first) return;
      first = false;
      if (tag.selfClosing) return;
      const end = findEndTag(xml, tag.name, tag.end);
      if (end >= 0) setNonEmpty(fields, `${tag.name}_Xml`, xml.slice(tag.end, end));
    },
    (name, text) => setNonEmpty(fields, name, text),
  );
}

function extractRenderingMessage(xml: string, fields: FieldMap): void {
  const rendering = findSection(xml, 'RenderingInfo');
  if (!rendering) return;
  const message = findSection(xml.slice(0, rendering.innerEnd), 'Message');
  if (message && message.innerStart > rendering.innerStart) {
    setNonEmpty(fields, 'Message', decodeXmlEntities(xml.slice(message.innerStart, message.innerEnd)));
  }
}

/** Every field Splunk's Windows add-ons extract from one `<Event>...</Event>` text. */
export function extractWindowsXml(xml: string): FieldMap {
  const fields: FieldMap = new Map();
  extractSystem(xml, fields);
  extractEventData(xml, fields);
  extractUserData(xml, fields);
  extractRenderingMessage(xml, fields);
  return fields;
}

/** `_time` of a Windows XML event: `<TimeCreated SystemTime='...'/>` (ISO or space-separated). */
export function windowsXmlTime(xml: string): number | undefined {
  const at = xml.indexOf('SystemTime=');
  if (at < 0) return undefined;
  const quote = xml[at + 11];
  if (quote !== "'" && quote !== '"') return undefined;
  const end = xml.indexOf(quote, at + 12);
  return end < 0 ? undefined : parseTimestamp(xml.slice(at + 12, end));
}

/** `EventID` without full extraction: a cheap probe for membership tests. */
export function windowsXmlEventId(xml: string): string | undefined {
  const at = xml.indexOf('<EventID');
  if (at < 0) return undefined;
  const open = xml.indexOf('>', at);
  const close = xml.indexOf('<', open + 1);
  if (open < 0 || close < 0) return undefined;
  const id = xml.slice(open + 1, close).trim();
  return id.length > 0 ? id : undefined;
}
