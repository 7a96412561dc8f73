// Reading `EventID`, `EventCode` or `Channel` of a Windows XML event without extracting it, for the
// add-on rules (which match on the first value) and for search predicates (which need the whole
// value). Each answer equals what extractWindowsXml gives, or is undefined when that is not certain;
// test/engine/winXmlProbe.test.ts checks both against extraction on corpus events and mutations.
import type { FieldMap, LazyFields } from '../event';
import { extractWindowsXml } from './winXml';
import { decodeXmlEntities } from './xmlEntities';

/** What JavaScript's `\s` matches (the SYSTEM_ELEMENT pattern's whitespace). */
function isRegexSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function skipSpace(t: string, i: number): number {
  while (i < t.length && isRegexSpace(t.charCodeAt(i))) i++;
  return i;
}

function within(t: string, needle: string, from: number, to: number): boolean {
  const at = t.indexOf(needle, from);
  return at >= 0 && at + needle.length <= to;
}

/**
 * The children of `<System>` as extractSystem's sticky SYSTEM_ELEMENT pattern reads them
 * (`<name attr='v' ...>text</name>` or `<name .../>`), one per `next()`, allocating nothing. The
 * pattern has one way to match at each place, so a hand-written reader can follow it exactly.
 */
class SystemElements {
  /** Where the element read by `next()` began (SYSTEM_ELEMENT's match index, leading space included). */
  start = 0;
  nameStart = 0;
  nameEnd = 0;
  attributesStart = 0;
  attributesEnd = 0;
  /** Text span of `<name>text</name>`; -1 for a self-closing element. */
  textStart = -1;
  textEnd = -1;
  /** After the element (SYSTEM_ELEMENT.lastIndex). */
  end: number;

  constructor(
    private readonly xml: string,
    from: number,
  ) {
    this.end = from;
  }

  next(): boolean {
    const t = this.xml;
    this.start = this.end;
    let i = skipSpace(t, this.end);
    if (t.charCodeAt(i) !== 60 /* < */) return false;
    i++;
    const first = t.charCodeAt(i);
    if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return false;
    const nameStart = i;
    i++;
    for (let c = t.charCodeAt(i); isWordChar(c) || c === 46 || c === 45; c = t.charCodeAt(++i));
    const nameEnd = i;
    // (?:\s+[\w:.-]+\s*=\s*(?:'[^']*'|"[^"]*"))*: only a whole attribute moves `i` on.
    for (;;) {
      let j = skipSpace(t, i);
      if (j === i) break;
      const attributeStart = j;
      for (let c = t.charCodeAt(j); isWordChar(c) || c === 58 || c === 46 || c === 45; c = t.charCodeAt(++j));
      if (j === attributeStart) break;
      j = skipSpace(t, j);
      if (t.charCodeAt(j) !== 61 /* = */) break;
      j = skipSpace(t, j + 1);
      const quote = t.charCodeAt(j);
      if (quote !== 39 && quote !== 34) break;
      const close = t.indexOf(quote === 39 ? "'" : '"', j + 1);
      if (close < 0) break;
      i = close + 1;
    }
    const attributesEnd = i;
    i = skipSpace(t, i);
    if (t.charCodeAt(i) === 47 && t.charCodeAt(i + 1) === 62) {
      this.set(nameStart, nameEnd, attributesEnd, -1, -1, i + 2);
      return true;
    }
    if (t.charCodeAt(i) !== 62 /* > */) return false;
    const textStart = i + 1;
    const lt = t.indexOf('<', textStart);
    if (lt < 0 || t.charCodeAt(lt + 1) !== 47) return false;
    const nameLength = nameEnd - nameStart;
    for (let k = 0; k < nameLength; k++) if (t.charCodeAt(lt + 2 + k) !== t.charCodeAt(nameStart + k)) return false;
    const close = skipSpace(t, lt + 2 + nameLength);
    if (t.charCodeAt(close) !== 62) return false;
    this.set(nameStart, nameEnd, attributesEnd, textStart, lt, close + 1);
    return true;
  }

  private set(nameStart: number, nameEnd: number, attributesEnd: number, textStart: number, textEnd: number, end: number): void {
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
    this.attributesStart = nameEnd;
    this.attributesEnd = attributesEnd;
    this.textStart = textStart;
    this.textEnd = textEnd;
    this.end = end;
  }

  nameIs(name: string): boolean {
    return this.nameEnd - this.nameStart === name.length && this.xml.startsWith(name, this.nameStart);
  }

  /** Whether an attribute of this element could name `field` (conservatively: its text holds the name). */
  attributesMention(field: string): boolean {
    return this.attributesEnd > this.attributesStart && within(this.xml, field, this.attributesStart, this.attributesEnd);
  }

  /** The element's decoded text; undefined for a self-closing element. */
  text(): string | undefined {
    return this.textStart < 0 ? undefined : decodeXmlEntities(this.xml.slice(this.textStart, this.textEnd));
  }
}

/** What a probe learnt of one event's `<System>`: the values it is certain of. */
interface SystemProbe {
  EventID: string | undefined;
  EventCode: string | undefined;
  Channel: string | undefined;
}

const UNCERTAIN: SystemProbe = Object.freeze({ EventID: undefined, EventCode: undefined, Channel: undefined });
type ProbedField = keyof SystemProbe;

function isProbed(name: string): name is ProbedField {
  return name === 'EventCode' || name === 'EventID' || name === 'Channel';
}

function systemSection(xml: string): { start: number; end: number } | undefined {
  const start = xml.indexOf('<System>');
  if (start < 0) return undefined;
  const end = xml.indexOf('</System>', start);
  return end < 0 ? undefined : { start: start + '<System>'.length, end };
}

/**
 * Reads `EventID` and `Channel` from the children of `<System>` as extractSystem does. With
 * `first`, an element's value is certain as the FIRST value of its field when no earlier
 * attribute could name that field (extractSystem adds System's attributes and texts in document
 * order, then sets `EventCode` to `EventID`, so nothing later comes first).
 */
function readSystem(xml: string, section: { start: number; end: number }, wanted: Record<'EventID' | 'Channel', boolean>): SystemProbe {
  const found: SystemProbe = { EventID: undefined, EventCode: undefined, Channel: undefined };
  let pending = (wanted.EventID ? 1 : 0) + (wanted.Channel ? 1 : 0);
  const elements = new SystemElements(xml, section.start);
  while (pending > 0 && elements.next() && elements.start < section.end) {
    for (const field of ['EventID', 'Channel'] as const) {
      if (!wanted[field]) continue;
      // extractSystem adds an element's attributes before its text: an attribute may come first.
      const mentioned = elements.attributesMention(field);
      if (!mentioned && !elements.nameIs(field)) continue;
      wanted[field] = false;
      pending--;
      const value = mentioned || elements.end > section.end ? undefined : elements.text();
      if (value !== undefined && value.length > 0) found[field] = value;
    }
  }
  return found;
}

function occurrences(text: string, needle: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0 && count <= limit; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * The WHOLE value of `EventID`, `EventCode` and `Channel` when certain: the name occurs only in one
 * plain `<Name>text</Name>` element of `<System>` that extractSystem's sticky reader reaches, and
 * no numeric character reference could spell the name elsewhere (named entities decode to
 * punctuation only, and cleanKey only turns characters into `_` or drops them).
 */
function probeSystem(xml: string): SystemProbe {
  if (xml.indexOf('&#') >= 0) return UNCERTAIN;
  const section = systemSection(xml);
  if (!section) return UNCERTAIN;
  const found = readSystem(xml, section, { EventID: occurrences(xml, 'EventID', 2) === 2, Channel: occurrences(xml, 'Channel', 2) === 2 });
  if (found.EventID !== undefined && xml.indexOf('EventCode') < 0) found.EventCode = found.EventID;
  return found;
}

/** The FIRST values of `EventID`, `EventCode` and `Channel` when certain (see readSystem). */
function probeSystemFirst(xml: string): SystemProbe {
  const section = systemSection(xml);
  if (!section) return UNCERTAIN;
  const found = readSystem(xml, section, { EventID: true, Channel: true });
  found.EventCode = found.EventID;
  return found;
}

/** The whole value extraction gives `EventCode`, `EventID` or `Channel` when certain, else undefined. */
export function probeWindowsXmlField(xml: string, name: string): string | undefined {
  return isProbed(name) ? probeSystem(xml)[name] : undefined;
}

/** The first value extraction gives `EventCode`, `EventID` or `Channel` when certain, else undefined. */
export function probeWindowsXmlFirst(xml: string, name: string): string | undefined {
  return isProbed(name) ? probeSystemFirst(xml)[name] : undefined;
}

/** A Windows XML event's lazy fields: each `<System>` probe is worked out once per event. */
class WindowsXmlFields implements LazyFields {
  private whole: SystemProbe | undefined;
  private first: SystemProbe | undefined;

  extract(xml: string): FieldMap {
    return extractWindowsXml(xml);
  }

  probe(xml: string, name: string): string | undefined {
    if (!isProbed(name)) return undefined;
    this.whole ??= probeSystem(xml);
    return this.whole[name];
  }

  probeFirst(xml: string, name: string): string | undefined {
    if (!isProbed(name)) return undefined;
    this.first ??= probeSystemFirst(xml);
    return this.first[name];
  }
}

/** The lazy fields of one Windows XML event. */
export function windowsXmlFields(): LazyFields {
  return new WindowsXmlFields();
}
