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
      if (textEnd >= 0 && textEnd < to && xml.charCodeAt(textEnd + 1) === 47 && xml.startsWith(tag.name, textEnd + 2)) {
        onLeaf(tag.name, decodeXmlEntities(xml.slice(tag.end, textEnd)));
      }
    }
    i = xml.indexOf('<', tag.end);
  }
}

export interface Section {
  /** Index just past the section's start tag. */
  innerStart: number;
  /** Index of the section's end tag (or the event's end when it has none). */
  innerEnd: number;
}

/**
 * The usual spelling of a section, `<System>` ... `</System>` with no attributes, from `from` on:
 * what extraction tries first, and all the probes (winXmlProbe.ts) accept.
 */
export function findPlainSection(xml: string, name: string, from = 0): Section | undefined {
  const plain = xml.indexOf(`<${name}>`, from);
  const end = plain < 0 ? -1 : xml.indexOf(`</${name}>`, plain);
  return end < 0 ? undefined : { innerStart: plain + name.length + 2, innerEnd: end };
}

function findSection(xml: string, name: string, from = 0): Section | undefined {
  const plain = findPlainSection(xml, name, from);
  if (plain) return plain;
  let at = xml.indexOf(`<${name}`, from);
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

function isCleanKey(name: string): boolean {
  if (name.length === 0) return false;
  const c0 = name.charCodeAt(0);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return false;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

/**
 * Splunk's CLEAN_KEYS (on by default for transforms): characters other than letters, digits and `_`
 * become `_`, leading `_` and digits are dropped. `Data Name='Detection Time'` gives `Detection_Time`.
 */
export function cleanKey(name: string): string {
  if (isCleanKey(name)) return name;
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[_0-9]+/, '');
  return cleaned.length > 0 ? cleaned : name;
}

function setNonEmpty(fields: FieldMap, name: string, value: string): void {
  if (value.length > 0) addFieldValue(fields, name, value);
}

// One element of <System>: name, attributes, and text when it has text only. Sticky, so that
// anything it cannot read stops the fast path and the tolerant walker takes over from there.
/** A System element's name and its attributes (`name='v'` or `name="v"`, each after space): shared with winXmlProbe.ts. */
export const ELEMENT_NAME = String.raw`[A-Za-z][\w.-]*`;
export const ELEMENT_ATTRIBUTES = String.raw`(?:\s+[\w:.-]+\s*=\s*(?:'[^']*'|"[^"]*"))*`;
const SYSTEM_ELEMENT = new RegExp(String.raw`\s*<(${ELEMENT_NAME})(${ELEMENT_ATTRIBUTES})\s*(?:\/>|>([^<]*)<\/\1\s*>)`, 'y');
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:'([^']*)'|"([^"]*)")/g;

function extractSystem(xml: string, fields: FieldMap): Section | undefined {
  const system = findSection(xml, 'System');
  if (!system) return undefined;
  fields.set('System_Props_Xml', xml.slice(system.innerStart, system.innerEnd));
  SYSTEM_ELEMENT.lastIndex = system.innerStart;
  let at = system.innerStart;
  for (let m = SYSTEM_ELEMENT.exec(xml); m && m.index < system.innerEnd; m = SYSTEM_ELEMENT.exec(xml)) {
    if (m[2]) {
      ATTRIBUTE.lastIndex = 0;
      for (let a = ATTRIBUTE.exec(m[2]); a; a = ATTRIBUTE.exec(m[2])) setNonEmpty(fields, a[1], decodeXmlEntities(a[2] ?? a[3]));
    }
    if (m[3] !== undefined) setNonEmpty(fields, m[1], decodeXmlEntities(m[3]));
    at = SYSTEM_ELEMENT.lastIndex;
  }
  if (at < system.innerEnd && /\S/.test(xml.slice(at, system.innerEnd))) {
    walkElements(
      xml,
      at,
      system.innerEnd,
      (tag) => {
        for (const attribute of tag.attributes) setNonEmpty(fields, attribute.name, attribute.value);
      },
      (name, text) => setNonEmpty(fields, name, text),
    );
  }
  const eventId = fields.get('EventID');
  if (eventId !== undefined) fields.set('EventCode', eventId);
  return system;
}

/** `<Data Name='x'>text</Data>`; winXmlProbe.ts runs the same loop with its own copy (`.source`). */
export const DATA_ELEMENT = /<Data Name=(?:'([^']*)'|"([^"]*)")\s*(?:\/>|>([^<]*)<\/Data>)/g;

function extractEventData(xml: string, fields: FieldMap, data: Section): void {
  setNonEmpty(fields, 'EventData_Xml', xml.slice(data.innerStart, data.innerEnd));
  DATA_ELEMENT.lastIndex = data.innerStart;
  let at = data.innerStart;
  for (let m = DATA_ELEMENT.exec(xml); m && m.index < data.innerEnd; m = DATA_ELEMENT.exec(xml)) {
    if (m.index > at && xml.slice(at, m.index).indexOf('<') >= 0) extractOtherElements(xml, fields, at, m.index);
    const value = m[3];
    if (value) setNonEmpty(fields, cleanKey(decodeXmlEntities(m[1] ?? m[2])), decodeXmlEntities(value));
    at = DATA_ELEMENT.lastIndex;
  }
  if (at < data.innerEnd && xml.slice(at, data.innerEnd).indexOf('<') >= 0) extractOtherElements(xml, fields, at, data.innerEnd);
}

/** EventData content that is not `<Data Name=...>`: unnamed `<Data>`, `<Binary>`, broken markup. */
function extractOtherElements(xml: string, fields: FieldMap, from: number, to: number): void {
  let at = xml.indexOf('<', from);
  while (at >= 0 && at < to) {
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
    if (close < 0 || close > to) break;
    const name = tag.name === 'Data' ? tag.attributes.find((a) => a.name === 'Name')?.value ?? 'Data' : tag.name;
    setNonEmpty(fields, cleanKey(name), decodeXmlEntities(xml.slice(tag.end, close)));
    at = xml.indexOf('<', close + 2);
  }
}

function extractUserData(xml: string, fields: FieldMap, user: Section): void {
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

function extractRenderingMessage(xml: string, fields: FieldMap, from: number): void {
  const rendering = findSection(xml, 'RenderingInfo', from);
  if (!rendering) return;
  const message = findSection(xml, 'Message', rendering.innerStart);
  if (message && message.innerStart < rendering.innerEnd) {
    setNonEmpty(fields, 'Message', decodeXmlEntities(xml.slice(message.innerStart, message.innerEnd)));
  }
}

/** Every field Splunk's Windows add-ons extract from one `<Event>...</Event>` text. */
export function extractWindowsXml(xml: string): FieldMap {
  const fields: FieldMap = new Map();
  const system = extractSystem(xml, fields);
  // The sections follow <System> in this order; searching on from its end scans the text once.
  let from = system ? system.innerEnd : 0;
  const eventData = findSection(xml, 'EventData', from);
  if (eventData) {
    extractEventData(xml, fields, eventData);
    from = eventData.innerEnd;
  } else {
    const userData = findSection(xml, 'UserData', from);
    if (userData) {
      extractUserData(xml, fields, userData);
      from = userData.innerEnd;
    }
  }
  if (xml.indexOf('<RenderingInfo', from) >= 0) extractRenderingMessage(xml, fields, from);
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
