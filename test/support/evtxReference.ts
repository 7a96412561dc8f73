// The reference the EVTX reader is checked against: Debian's `evtxexport -f xml` (libevtx-utils).
// Its XML (double quotes, indented, libevtx's own spellings) and ours (EvtRender's single-line
// XmlWinEventLog) are compared as what an event SAYS: every element's path, attribute and text, in
// order. Two spellings are normalised, and only these: whitespace between elements, and hex numbers
// (libevtx pads `0x00000000000003e7`, Windows writes `0x3e7`).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';

interface XmlElement {
  name: string;
  attributes: [string, string][];
  children: (XmlElement | string)[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, body: string) => {
    if (body[0] !== '#') return ENTITIES[body] ?? whole;
    return String.fromCodePoint(body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10));
  });
}

/** A strict parser for the two renderings: throws on anything that is not well-formed. */
export function parseXml(xml: string): XmlElement {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at ${at}: ${JSON.stringify(xml.slice(at, at + 40))}`);
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_:\u0080-\uffff][\w.:\-\u0080-\uffff]*)/.exec(xml.slice(at, at + 200)) ?? fail('expected a start tag');
    at += open[0].length;
    const node: XmlElement = { name: open[1], attributes: [], children: [] };
    for (;;) {
      const attribute = /^\s+([A-Za-z_:\u0080-\uffff][\w.:\-\u0080-\uffff]*)=(?:'([^']*)'|"([^"]*)")/.exec(xml.slice(at, at + 100_000));
      if (!attribute) break;
      node.attributes.push([attribute[1], decode(attribute[2] ?? attribute[3])]);
      at += attribute[0].length;
    }
    const close = /^\s*(\/?)>/.exec(xml.slice(at, at + 100)) ?? fail('expected > or />');
    at += close[0].length;
    if (close[1]) return node;
    for (;;) {
      if (xml.startsWith(`</${node.name}>`, at)) {
        at += node.name.length + 3;
        return node;
      }
      if (xml.startsWith('<![CDATA[', at)) {
        const end = xml.indexOf(']]>', at);
        if (end < 0) fail('unterminated CDATA');
        node.children.push(xml.slice(at + 9, end));
        at = end + 3;
      } else if (xml.startsWith('<?', at)) {
        const end = xml.indexOf('?>', at);
        if (end < 0) fail('unterminated processing instruction');
        node.children.push(`<?${xml.slice(at + 2, end)}?>`);
        at = end + 2;
      } else if (xml[at] === '<') {
        node.children.push(element());
      } else {
        const end = xml.indexOf('<', at);
        if (end < 0) fail(`no end tag for <${node.name}>`);
        node.children.push(decode(xml.slice(at, end)));
        at = end;
      }
    }
  };
  while (/\s/.test(xml[at] ?? '')) at++;
  const root = element();
  if (xml.slice(at).trim() !== '') fail('text after the root element');
  return root;
}

const HEX = /^0x([0-9a-fA-F]+)$/;

function normalize(value: string): string {
  const hex = HEX.exec(value);
  return hex ? `0x${hex[1].replace(/^0+(?=.)/, '').toLowerCase()}` : value;
}

/**
 * What an event says, one line per fact in document order: `System/EventID=4624`,
 * `System/Provider@Name=...`, `EventData/Data[SubjectUserSid]=S-1-0-0`, an element without text as
 * its bare path. `<Data Name='x'>` is keyed by its name, as the field it becomes. `expandMarkup`
 * reads an element's text that is itself XML as elements, as libevtx writes such text unescaped.
 */
export function eventFacts(xml: string, expandMarkup = false): string[] {
  const facts: string[] = [];
  const walk = (node: XmlElement, parent: string): void => {
    const named = node.name === 'Data' ? node.attributes.find(([name]) => name === 'Name') : undefined;
    const step = named ? `Data[${named[1]}]` : node.name;
    const path = parent ? `${parent}/${step}` : step;
    for (const [name, value] of node.attributes) if (!(named && name === 'Name')) facts.push(`${path}@${name}=${normalize(value)}`);
    const hasElements = node.children.some((child) => typeof child !== 'string');
    const texts: string[] = [];
    for (const child of node.children) {
      if (typeof child !== 'string') walk(child, path);
      else if (!hasElements || child.trim() !== '') texts.push(child);
    }
    const text = texts.join('');
    if (expandMarkup && text.startsWith('<') && text.endsWith('>')) {
      try {
        walk(parseXml(text), path);
        facts.push(path);
        return;
      } catch {
        // Text that only looks like markup stays text.
      }
    }
    facts.push(texts.length > 0 ? `${path}=${normalize(text)}` : path);
  };
  walk(parseXml(xml), '');
  return facts;
}

/** The events of `evtxexport -f xml` output, each `<Event ...>...</Event>` as printed. */
export function splitEvtxexport(output: string): string[] {
  const events: string[] = [];
  for (let at = output.indexOf('<Event '); at >= 0; ) {
    const end = output.indexOf('</Event>', at);
    if (end < 0) throw new Error(`evtxexport output has an <Event> without </Event> at ${at}`);
    events.push(output.slice(at, end + 8));
    at = output.indexOf('<Event ', end);
  }
  return events;
}

/** `evtxexport -f xml FILE`, or undefined when libevtx-utils is not installed. */
export function runEvtxexport(path: string): { version: string; events: string[] } | undefined {
  const run = spawnSync('evtxexport', ['-f', 'xml', path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  if (run.status !== 0) throw new Error(`evtxexport -f xml ${path} exited with ${run.status}: ${run.stderr}`);
  const version = /^evtxexport (\S+)/.exec(run.stdout)?.[1] ?? 'unknown';
  return { version, events: splitEvtxexport(run.stdout) };
}

/** A short digest of an event's facts: what the golden files keep of evtxexport's rendering. */
export function factsDigest(facts: string[]): string {
  return createHash('sha256').update(facts.join('\n')).digest('hex').slice(0, 16);
}
