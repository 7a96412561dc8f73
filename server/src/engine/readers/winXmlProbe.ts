// Reading one field of a Windows XML event without extracting it: `EventID`, `EventCode` or
// `Channel` from `<System>`, or an `<EventData>` field, as a first value (add-on rules match on it)
// or the whole value (search predicates). Each answer equals what extractWindowsXml gives, or is
// undefined when that is not certain; test/engine/winXmlProbe.test.ts checks every answer against
// extraction on corpus events and mutations of them.
import type { FieldMap, LazyFields } from '../event';
import { DATA_ELEMENT as EXTRACTION_DATA_ELEMENT, ELEMENT_ATTRIBUTES, ELEMENT_NAME, extractWindowsXml, findPlainSection, type Section } from './winXml';
import { decodeXmlEntities } from './xmlEntities';

/**
 * `<System>`'s children up to the first element named `name`, read as extractSystem's sticky
 * SYSTEM_ELEMENT pattern reads them one by one (each step has one way to match, so a repetition of
 * the same step matches exactly as far as the loop would), then that element. Group 1 is the text
 * before the element, group 3 its attributes, group 4 its text (absent when self-closing). One
 * native match instead of a loop.
 */
function systemUpTo(name: string): RegExp {
  return new RegExp(
    String.raw`((?:(?!\s*<${name}[\s/>])\s*<(${ELEMENT_NAME})${ELEMENT_ATTRIBUTES}\s*(?:\/>|>[^<]*<\/\2\s*>))*\s*)` +
      String.raw`<${name}(${ELEMENT_ATTRIBUTES})\s*(?:\/>|>([^<]*)<\/${name}\s*>)`,
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
 * `resume`: read on from there (the end of an element read this way) instead of from the start.
 */
function firstInSystem(xml: string, element: 'EventID' | 'Channel', system: Section | undefined, resume?: number): SystemRead {
  if (!system) return NOT_READ;
  const pattern = UP_TO[element];
  const from = resume ?? system.innerStart;
  pattern.lastIndex = from;
  const match = pattern.exec(xml);
  if (!match || pattern.lastIndex > system.innerEnd || match[3].includes(element) || match[4] === undefined) return NOT_READ;
  // The element's own name must be the first mention of the field in <System>: no earlier attribute names it.
  if (xml.indexOf(element, system.innerStart) !== from + match[1].length + 1) return NOT_READ;
  const value = decodeXmlEntities(match[4]);
  return { value: value.length > 0 ? value : undefined, end: pattern.lastIndex };
}

/** A firstInSystem answer, and where the elements read end (for reading on from there). */
interface SystemRead {
  value: string | undefined;
  /** After the element; -1 when it was not read. */
  end: number;
}

const NOT_READ: SystemRead = { value: undefined, end: -1 };

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

/** A name cleanKey leaves as it is: only such names can be probed in `<EventData>`. */
const CLEAN_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * How often (0, 1, or 2 meaning "more") `name` occurs in the event as something extraction could
 * turn into the field `name`: an occurrence not preceded by a letter (a longer name such as
 * `ParentImage` is another field, while `_Image` or `9Image` lose their prefix to cleanKey) and
 * not followed by a name character.
 */
function occurrencesAsName(xml: string, name: string): number {
  let count = 0;
  for (let at = xml.indexOf(name); at >= 0; at = xml.indexOf(name, at + name.length)) {
    const before = at > 0 ? xml.charCodeAt(at - 1) : 0;
    if ((before >= 65 && before <= 90) || (before >= 97 && before <= 122)) continue;
    if (isNameChar(xml.charCodeAt(at + name.length))) continue;
    if (++count > 1) return count;
  }
  return count;
}

/** extractEventData's pattern, with a lastIndex of its own. */
const DATA_ELEMENT = new RegExp(EXTRACTION_DATA_ELEMENT.source, 'g');

/**
 * The `<Data Name=...>` elements of the first plain `<EventData>` after `</System>`, met by the same
 * global match loop extractEventData runs, scanned only as far as a probe needs. Each element met is
 * kept as four offsets: name start and end, text start and end (-1 when self-closing).
 */
class EventDataScan {
  private readonly entries: number[] = [];
  /** Where the loop goes on from; -1 once it has met the end of the section. */
  private next: number;

  constructor(
    private readonly xml: string,
    innerStart: number,
    private readonly innerEnd: number,
  ) {
    this.next = innerStart;
  }

  static of(xml: string, system: Section): EventDataScan | undefined {
    // As extraction finds the section, after </System>.
    const data = findPlainSection(xml, 'EventData', system.innerEnd);
    return data && new EventDataScan(xml, data.innerStart, data.innerEnd);
  }

  /** The text span of the Data element named exactly `name` ([-1, -1] when self-closing); undefined when none. */
  find(name: string): [number, number] | undefined {
    const entries = this.entries;
    for (let e = 0; e < entries.length; e += 4) if (this.named(e, name)) return [entries[e + 2], entries[e + 3]];
    while (this.next >= 0) {
      DATA_ELEMENT.lastIndex = this.next;
      const m = DATA_ELEMENT.exec(this.xml);
      if (!m || m.index >= this.innerEnd) {
        this.next = -1;
        break;
      }
      this.next = DATA_ELEMENT.lastIndex;
      const nameStart = m.index + '<Data Name='.length + 1;
      const text = m[3];
      const textEnd = DATA_ELEMENT.lastIndex - '</Data>'.length;
      const e = entries.length;
      entries.push(nameStart, nameStart + (m[1] ?? m[2]).length, text === undefined ? -1 : textEnd - text.length, text === undefined ? -1 : textEnd);
      if (this.named(e, name)) return [entries[e + 2], entries[e + 3]];
    }
    return undefined;
  }

  private named(e: number, name: string): boolean {
    const start = this.entries[e];
    return this.entries[e + 1] - start === name.length && this.xml.startsWith(name, start);
  }
}

/**
 * Whether no name in the event can become `name` (which does not occur as it is): a name
 * without `_` must occur as it is; with `_` (which cleanKey makes of punctuation and spaces:
 * `Process Id`), each run between the `_`s must occur as it is, so one missing run settles it.
 * Not for `<tag>_Xml` names, which extraction makes up (`System_Props_Xml`, `EventData_Xml`).
 */
function certainlyAbsent(xml: string, name: string): boolean {
  if (!name.includes('_')) return true;
  if (name.endsWith('_Xml')) return false;
  return name.split('_').some((run) => run.length > 0 && !xml.includes(run));
}

/**
 * The value extraction gives an `<EventData>` field (`<Data Name='Image'>C:\x.exe</Data>`) when
 * certain: the name is clean, occurs once in the event as a possible field name (occurrencesAsName:
 * so no System attribute, other element, or cleaned Data name gives it too), and that occurrence is
 * the name of a Data element extraction's Data loop reads, with non-empty text; no character
 * reference in the event. Null when the field is certainly absent (certainlyAbsent). Undefined
 * otherwise.
 */
function probeEventData(xml: string, name: string, scan: EventDataScan | undefined): string | null | undefined {
  if (!CLEAN_NAME.test(name) || xml.indexOf('&#') >= 0) return undefined;
  const occurrences = occurrencesAsName(xml, name);
  if (occurrences === 0) return certainlyAbsent(xml, name) ? null : undefined;
  if (occurrences > 1 || !scan) return undefined;
  const text = scan.find(name);
  if (!text || text[0] < 0) return undefined;
  const value = decodeXmlEntities(xml.slice(text[0], text[1]));
  return value.length > 0 ? value : undefined;
}

/** Not yet worked out (a probe's own answers include undefined). */
const UNKNOWN = null;

/** A Windows XML event's lazy fields: each probe is worked out at most once per event. */
class WindowsXmlFields implements LazyFields {
  private eventId: SystemRead | null = UNKNOWN;
  private channel: string | undefined | null = UNKNOWN;
  private singles: Partial<Record<ProbedField, boolean>> | undefined;
  private system: Section | undefined | null = UNKNOWN;
  private dataScan: EventDataScan | undefined | null = UNKNOWN;

  extract(xml: string): FieldMap {
    return extractWindowsXml(xml);
  }

  private section(xml: string): Section | undefined {
    if (this.system === UNKNOWN) this.system = findPlainSection(xml, 'System');
    return this.system;
  }

  /** An EventData field (whole value, hence also the first). */
  private eventData(xml: string, name: string): string | null | undefined {
    if (this.dataScan === UNKNOWN) {
      const system = this.section(xml);
      this.dataScan = system ? EventDataScan.of(xml, system) : undefined;
    }
    return probeEventData(xml, name, this.dataScan);
  }

  probe(xml: string, name: string): string | null | undefined {
    if (!isProbed(name)) return this.eventData(xml, name);
    const singles = (this.singles ??= {});
    const single = (singles[name] ??= isSingle(xml, name));
    return single ? this.probeFirst(xml, name) : undefined;
  }

  probeFirst(xml: string, name: string): string | null | undefined {
    if (!isProbed(name)) return this.eventData(xml, name);
    const system = this.section(xml);
    const eventId = (this.eventId ??= firstInSystem(xml, 'EventID', system));
    if (name !== 'Channel') return eventId.value;
    if (this.channel === UNKNOWN) {
      // Channel follows EventID in <System>: read on from EventID rather than from the start. A
      // Channel before EventID would be the field's first mention, which firstInSystem checks.
      this.channel = firstInSystem(xml, 'Channel', system, eventId.end >= 0 ? eventId.end : undefined).value;
    }
    return this.channel;
  }
}

/** The lazy fields of one Windows XML event (the reader makes one per event: the probes remember). */
export function windowsXmlFields(): LazyFields {
  return new WindowsXmlFields();
}
