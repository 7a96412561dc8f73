// Reading `EventID`, `EventCode` or `Channel` of a Windows XML event without extracting it, for the
// add-on rules (which match on the first value) and for search predicates (which need the whole
// value). Each answer equals what extractWindowsXml gives, or is undefined when that is not certain;
// test/engine/winXmlProbe.test.ts checks both against extraction on corpus events and mutations.
import type { FieldMap, LazyFields } from '../event';
import { extractWindowsXml } from './winXml';
import { decodeXmlEntities } from './xmlEntities';

/**
 * `<System>`'s children up to the first element named `name`, read as extractSystem's sticky
 * SYSTEM_ELEMENT pattern reads them one by one (each step has one way to match, so a repetition of
 * the same step matches exactly as far as the loop would), then that element. Group 1 is the text
 * before the element, group 3 its attributes, group 4 its text (absent when self-closing). One
 * native match instead of a loop.
 */
function systemUpTo(name: string): RegExp {
  const attributes = `(?:\\s+[\\w:.-]+\\s*=\\s*(?:'[^']*'|"[^"]*"))*`;
  return new RegExp(
    `((?:(?!\\s*<${name}[\\s/>])\\s*<([A-Za-z][\\w.-]*)${attributes}\\s*(?:\\/>|>[^<]*<\\/\\2\\s*>))*\\s*)` +
      `<${name}(${attributes})\\s*(?:\\/>|>([^<]*)<\\/${name}\\s*>)`,
    'y',
  );
}

const UP_TO = { EventID: systemUpTo('EventID'), Channel: systemUpTo('Channel') };

type ProbedField = 'EventID' | 'EventCode' | 'Channel';

function isProbed(name: string): name is ProbedField {
  return name === 'EventCode' || name === 'EventID' || name === 'Channel';
}

/**
 * The FIRST value extraction gives `element` (`EventID` or `Channel`), read from the children of
 * `<System>` up to it as extractSystem reads them; undefined when not certain. extractSystem adds
 * System's attributes and element texts in document order (an element's attributes before its
 * text), so nothing after the element can come first; an earlier attribute whose name could be the
 * field, an element its sticky reader cannot read, or an empty value make the answer uncertain.
 */
function firstInSystem(xml: string, element: 'EventID' | 'Channel', system = systemSection(xml)): string | undefined {
  if (!system) return undefined;
  const { start, end } = system;
  const pattern = UP_TO[element];
  const from = start + '<System>'.length;
  pattern.lastIndex = from;
  const match = pattern.exec(xml);
  if (!match || pattern.lastIndex > end || match[3].includes(element) || match[4] === undefined) return undefined;
  // The element's own name must be the first mention of the field in <System>: no earlier attribute names it.
  if (xml.indexOf(element, start) !== from + match[1].length + 1) return undefined;
  const value = decodeXmlEntities(match[4]);
  return value.length > 0 ? value : undefined;
}

/** Where `<System>` and the first `</System>` after it are (as extraction finds the section). */
function systemSection(xml: string): { start: number; end: number } | undefined {
  const start = xml.indexOf('<System>');
  const end = start < 0 ? -1 : xml.indexOf('</System>', start);
  return end < 0 ? undefined : { start, end };
}

/** The first value of a probed field (`EventCode` is set to `EventID` right after `<System>`). */
function firstValueOf(xml: string, field: ProbedField): string | undefined {
  return firstInSystem(xml, field === 'Channel' ? 'Channel' : 'EventID');
}

function occurrences(text: string, needle: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0 && count <= limit; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * Whether the first value of `field` is its whole value: the name occurs only in its one `<System>`
 * element (its start and end tags), no numeric character reference could spell it elsewhere (named
 * entities decode to punctuation only, and cleanKey only turns characters into `_` or drops them),
 * and for `EventCode` no field of that name besides the copy of `EventID`.
 */
function isSingle(xml: string, field: ProbedField): boolean {
  if (xml.indexOf('&#') >= 0) return false;
  if (field === 'EventCode' && xml.indexOf('EventCode') >= 0) return false;
  return occurrences(xml, field === 'Channel' ? 'Channel' : 'EventID', 2) === 2;
}

/** The whole value extraction gives `EventCode`, `EventID` or `Channel` when certain, else undefined. */
export function probeWindowsXmlField(xml: string, name: string): string | undefined {
  return isProbed(name) && isSingle(xml, name) ? firstValueOf(xml, name) : undefined;
}

/** The first value extraction gives `EventCode`, `EventID` or `Channel` when certain, else undefined. */
export function probeWindowsXmlFirst(xml: string, name: string): string | undefined {
  return isProbed(name) ? firstValueOf(xml, name) : undefined;
}

/** Not yet worked out (a probe's own answers include undefined). */
const UNKNOWN = null;

/** A Windows XML event's lazy fields: each probe is worked out at most once per event. */
class WindowsXmlFields implements LazyFields {
  private eventId: string | undefined | null = UNKNOWN;
  private channel: string | undefined | null = UNKNOWN;
  private singles: Partial<Record<ProbedField, boolean>> | undefined;
  private system: { start: number; end: number } | undefined | null = UNKNOWN;

  extract(xml: string): FieldMap {
    return extractWindowsXml(xml);
  }

  probe(xml: string, name: string): string | undefined {
    if (!isProbed(name)) return undefined;
    const singles = (this.singles ??= {});
    const single = (singles[name] ??= isSingle(xml, name));
    return single ? this.probeFirst(xml, name) : undefined;
  }

  probeFirst(xml: string, name: string): string | undefined {
    if (!isProbed(name)) return undefined;
    if (this.system === UNKNOWN) this.system = systemSection(xml);
    const system = this.system;
    if (name === 'Channel') {
      if (this.channel === UNKNOWN) this.channel = firstInSystem(xml, 'Channel', system);
      return this.channel;
    }
    if (this.eventId === UNKNOWN) this.eventId = firstInSystem(xml, 'EventID', system);
    return this.eventId;
  }
}

/** The lazy fields of one Windows XML event. */
export function windowsXmlFields(): LazyFields {
  return new WindowsXmlFields();
}
