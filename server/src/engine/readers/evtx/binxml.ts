// Binary XML (MS-EVEN6 2.2.12, libyal's "Binary XML" section) parsed into a small node tree. Every
// offset is in the chunk: names and template definitions are referenced by chunk offset, stored once
// where first used and read from there afterwards, so both are cached per chunk by offset (the format
// requires it: a later record may only point back). Record values are not part of the tree: a
// template instance node says where its values are, and render.ts reads them.
import { EvtxError, hex } from './errors';
import type { EvtxLimits } from './limits';

export const enum Token {
  EndOfFile = 0x00,
  OpenStartElement = 0x01,
  CloseStartElement = 0x02,
  CloseEmptyElement = 0x03,
  EndElement = 0x04,
  Value = 0x05,
  Attribute = 0x06,
  CData = 0x07,
  CharRef = 0x08,
  EntityRef = 0x09,
  PITarget = 0x0a,
  PIData = 0x0b,
  TemplateInstance = 0x0c,
  NormalSubstitution = 0x0d,
  OptionalSubstitution = 0x0e,
  FragmentHeader = 0x0f,
}

/** An XML name (letters, digits, `_ - . :` and anything non-ASCII; not starting with a digit, `-` or `.`). */
const XML_NAME = /^[A-Za-z_:\u0080-\uffff][\w.:\-\u0080-\uffff]*$/;

/** The "more data follows" bit some tokens carry (0x41 an element with attributes, 0x45 more value text ...). */
const MORE_FLAG = 0x40;

export const enum NodeKind {
  Element,
  Text,
  Substitution,
  EntityRef,
  CharRef,
  CData,
  PI,
  TemplateInstance,
}

export interface TextNode {
  kind: NodeKind.Text;
  text: string;
}

export interface SubstitutionNode {
  kind: NodeKind.Substitution;
  index: number;
  /** An optional substitution whose value is NULL removes the element or attribute around it. */
  optional: boolean;
}

export interface EntityRefNode {
  kind: NodeKind.EntityRef;
  name: string;
}

export interface CharRefNode {
  kind: NodeKind.CharRef;
  code: number;
}

export interface CDataNode {
  kind: NodeKind.CData;
  text: string;
}

export interface PINode {
  kind: NodeKind.PI;
  target: string;
  data: string;
}

/** A template instance: the template's definition offset and where its values start (both in the chunk). */
export interface TemplateInstanceNode {
  kind: NodeKind.TemplateInstance;
  definitionOffset: number;
  /** Offset of the value count; descriptors and values follow. */
  valuesOffset: number;
}

/** What an attribute value holds. */
export type ValueNode = TextNode | SubstitutionNode | EntityRefNode | CharRefNode;

export interface AttributeNode {
  name: string;
  parts: ValueNode[];
  /** Indices of the optional substitutions in `parts`: when one's value is NULL the attribute is left out. */
  optional: number[];
}

export interface ElementNode {
  kind: NodeKind.Element;
  name: string;
  attributes: AttributeNode[];
  /** null for an empty element (`<Name/>`). */
  children: ContentNode[] | null;
  /** Optional substitutions among `children`: when one's value is NULL the element is left out. */
  optionalContent: number[];
  /** Every substitution directly in the element (content and attributes): an array value among them repeats the element. */
  substitutions: number[];
}

export type ContentNode = ElementNode | TextNode | SubstitutionNode | EntityRefNode | CharRefNode | CDataNode | PINode;
export type FragmentNode = ElementNode | PINode | TemplateInstanceNode;

export interface TemplateDefinition {
  offset: number;
  nodes: FragmentNode[];
}

/**
 * One chunk's bytes with its caches of names and template definitions: the parser of every BinXml
 * fragment in it. A new instance per chunk, so nothing outlives the chunk it came from.
 */
export class BinXmlChunk {
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, TemplateDefinition | EvtxError>();
  private templateBytes = 0;

  constructor(
    readonly bytes: Buffer,
    readonly limits: EvtxLimits,
  ) {}

  /** The template defined at `offset`, parsed on first use; throws EvtxError when it cannot be. */
  template(offset: number): TemplateDefinition {
    const known = this.templates.get(offset);
    if (known instanceof EvtxError) throw known;
    if (known) return known;
    let parsed: TemplateDefinition | EvtxError;
    try {
      parsed = this.parseTemplate(offset);
    } catch (error) {
      if (!(error instanceof EvtxError)) throw error;
      parsed = new EvtxError(`template at ${hex(offset)}: ${error.message}`, error.offset);
    }
    this.templates.set(offset, parsed);
    if (parsed instanceof EvtxError) throw parsed;
    return parsed;
  }

  private parseTemplate(offset: number): TemplateDefinition {
    // next definition offset (4), GUID (16), data size (4), then the fragment.
    this.need(offset, 24, 'template definition');
    const size = this.bytes.readUInt32LE(offset + 20);
    const start = offset + 24;
    if (size > this.bytes.length - start) throw new EvtxError(`template definition of ${size} bytes runs past the chunk`, offset);
    this.templateBytes += size;
    if (this.templateBytes > this.limits.maxTemplateBytesPerChunk) {
      throw new EvtxError(`templates of this chunk exceed ${this.limits.maxTemplateBytesPerChunk} bytes (maxTemplateBytesPerChunk)`, offset);
    }
    // Parsed at depth 0 and cached: rendering checks the depth at which each use nests it.
    const fragment = this.parseFragment(start, start + size, 0, false);
    return { offset, nodes: fragment.nodes };
  }

  /**
   * A BinXml document between `start` and `end`: fragment headers, processing instructions, one
   * element or template instance, up to the end-of-file token or `end`.
   * Template instances are only allowed where values can follow them (`allowInstances`): in a
   * record and in a BinXml value, not inside a template definition.
   */
  parseFragment(start: number, end: number, depth: number, allowInstances: boolean): { nodes: FragmentNode[]; end: number } {
    const nodes: FragmentNode[] = [];
    let pos = start;
    let root = false;
    const secondRoot = (at: number): void => {
      if (root) throw new EvtxError('a second root element in one BinXml document', at);
      root = true;
    };
    while (pos < end) {
      const token = this.bytes[pos];
      switch (token) {
        case Token.EndOfFile:
          return { nodes, end: pos + 1 };
        case Token.FragmentHeader:
          this.need(pos, 4, 'fragment header', end);
          pos += 4;
          break;
        case Token.PITarget: {
          const pi = this.parsePI(pos, end);
          nodes.push(pi.node);
          pos = pi.end;
          break;
        }
        case Token.OpenStartElement:
        case Token.OpenStartElement | MORE_FLAG: {
          secondRoot(pos);
          const element = this.parseElement(pos, end, depth + 1);
          nodes.push(element.node);
          pos = element.end;
          break;
        }
        case Token.TemplateInstance: {
          if (!allowInstances) throw new EvtxError('template instance inside a template definition', pos);
          secondRoot(pos);
          const instance = this.parseTemplateInstance(pos, end);
          nodes.push(instance.node);
          pos = instance.end;
          break;
        }
        default:
          throw new EvtxError(`unexpected token ${hex(token)} in a BinXml fragment`, pos);
      }
    }
    return { nodes, end: pos };
  }

  /** The template instance header; its values are measured here so that parsing can go on after them. */
  private parseTemplateInstance(pos: number, end: number): { node: TemplateInstanceNode; end: number } {
    // token (1), unknown (1), template identifier (4), definition offset (4)
    this.need(pos, 10, 'template instance', end);
    const definitionOffset = this.bytes.readUInt32LE(pos + 6);
    let at = pos + 10;
    if (definitionOffset === at) {
      // The definition is stored here, the first time the chunk uses it: skip over it.
      this.need(at, 24, 'template definition', end);
      const size = this.bytes.readUInt32LE(at + 20);
      at += 24 + size;
    }
    if (definitionOffset + 24 > this.bytes.length) throw new EvtxError(`template definition offset ${hex(definitionOffset)} is outside the chunk`, pos);
    const valuesOffset = at;
    this.need(at, 4, 'template value count', end);
    const count = this.bytes.readUInt32LE(at);
    if (count > (end - at - 4) / 4) throw new EvtxError(`template instance claims ${count} values, more than the record holds`, at);
    let valuesEnd = at + 4 + count * 4;
    for (let i = 0; i < count; i++) valuesEnd += this.bytes.readUInt16LE(at + 4 + i * 4);
    if (valuesEnd > end) throw new EvtxError(`template values run ${valuesEnd - end} bytes past the end of their record`, at);
    return { node: { kind: NodeKind.TemplateInstance, definitionOffset, valuesOffset }, end: valuesEnd };
  }

  private parseElement(pos: number, end: number, depth: number): { node: ElementNode; end: number } {
    if (depth > this.limits.maxDepth) throw new EvtxError(`elements nested deeper than ${this.limits.maxDepth} levels (maxDepth)`, pos);
    const hasAttributes = (this.bytes[pos] & MORE_FLAG) !== 0;
    // token (1), dependency identifier (2), data size (4), name offset (4)
    this.need(pos, 11, 'element start', end);
    const name = this.nameAt(pos + 7, end);
    let at = name.end;
    const attributes: AttributeNode[] = [];
    const substitutions: number[] = [];
    if (hasAttributes) {
      this.need(at, 4, 'attribute list size', end);
      at += 4;
      while (at < end && (this.bytes[at] & ~MORE_FLAG) === Token.Attribute) {
        const attributeName = this.nameAt(at + 1, end);
        const value = this.parseValueParts(attributeName.end, end, substitutions);
        attributes.push({ name: attributeName.name, parts: value.parts, optional: value.optional });
        at = value.end;
      }
    }
    this.need(at, 1, 'element close', end);
    const close = this.bytes[at];
    if (close === Token.CloseEmptyElement) {
      return { node: { kind: NodeKind.Element, name: name.name, attributes, children: null, optionalContent: [], substitutions }, end: at + 1 };
    }
    if (close !== Token.CloseStartElement) throw new EvtxError(`element <${name.name}> start tag ends with token ${hex(close)}`, at);
    at++;
    const children: ContentNode[] = [];
    const optionalContent: number[] = [];
    for (;;) {
      if (at >= end) throw new EvtxError(`element <${name.name}> has no end tag`, at);
      const token = this.bytes[at];
      const base = token & ~MORE_FLAG;
      if (token === Token.EndElement) return { node: { kind: NodeKind.Element, name: name.name, attributes, children, optionalContent, substitutions }, end: at + 1 };
      if (base === Token.OpenStartElement) {
        const child = this.parseElement(at, end, depth + 1);
        children.push(child.node);
        at = child.end;
      } else if (base === Token.CData) {
        const text = this.unicodeText(at + 1, end);
        children.push({ kind: NodeKind.CData, text: text.text });
        at = text.end;
      } else if (token === Token.PITarget) {
        const pi = this.parsePI(at, end);
        children.push(pi.node);
        at = pi.end;
      } else if (isValueToken(token)) {
        const part = this.parseValuePart(at, end);
        if (part.node.kind === NodeKind.Substitution) {
          substitutions.push(part.node.index);
          if (part.node.optional) optionalContent.push(part.node.index);
        }
        children.push(part.node);
        at = part.end;
      } else {
        throw new EvtxError(`unexpected token ${hex(token)} in element <${name.name}>`, at);
      }
    }
  }

  /** The parts of an attribute value: value text, substitutions, character and entity references. */
  private parseValueParts(start: number, end: number, substitutions: number[]): { parts: ValueNode[]; optional: number[]; end: number } {
    const parts: ValueNode[] = [];
    const optional: number[] = [];
    let at = start;
    while (at < end && isValueToken(this.bytes[at])) {
      const part = this.parseValuePart(at, end);
      if (part.node.kind === NodeKind.Substitution) {
        substitutions.push(part.node.index);
        if (part.node.optional) optional.push(part.node.index);
      }
      parts.push(part.node);
      at = part.end;
    }
    return { parts, optional, end: at };
  }

  private parseValuePart(at: number, end: number): { node: ValueNode; end: number } {
    const token = this.bytes[at];
    switch (token & ~MORE_FLAG) {
      case Token.Value: {
        this.need(at, 2, 'value text', end);
        const type = this.bytes[at + 1];
        if (type !== 0x01) throw new EvtxError(`value text of type ${hex(type)} instead of a string`, at);
        const text = this.unicodeText(at + 2, end);
        return { node: { kind: NodeKind.Text, text: text.text }, end: text.end };
      }
      case Token.NormalSubstitution:
      case Token.OptionalSubstitution:
        // token (1), value index (2), value type (1): the type the value descriptor gives is the one used.
        this.need(at, 4, 'substitution', end);
        return { node: { kind: NodeKind.Substitution, index: this.bytes.readUInt16LE(at + 1), optional: token === Token.OptionalSubstitution }, end: at + 4 };
      case Token.CharRef:
        this.need(at, 3, 'character reference', end);
        return { node: { kind: NodeKind.CharRef, code: this.bytes.readUInt16LE(at + 1) }, end: at + 3 };
      default: {
        const name = this.nameAt(at + 1, end);
        return { node: { kind: NodeKind.EntityRef, name: name.name }, end: name.end };
      }
    }
  }

  private parsePI(at: number, end: number): { node: PINode; end: number } {
    const target = this.nameAt(at + 1, end);
    this.need(target.end, 1, 'processing instruction data', end);
    if (this.bytes[target.end] !== Token.PIData) throw new EvtxError(`processing instruction target without data (token ${hex(this.bytes[target.end])})`, target.end);
    const data = this.unicodeText(target.end + 1, end);
    return { node: { kind: NodeKind.PI, target: target.name, data: data.text }, end: data.end };
  }

  /** A length-prefixed UTF-16 string: character count (2), characters. */
  private unicodeText(at: number, end: number): { text: string; end: number } {
    this.need(at, 2, 'text length', end);
    const bytes = this.bytes.readUInt16LE(at) * 2;
    this.need(at + 2, bytes, 'text', end);
    return { text: this.bytes.toString('utf16le', at + 2, at + 2 + bytes), end: at + 2 + bytes };
  }

  /**
   * A name referenced at `at` (its chunk offset, 4 bytes). The name is stored right there the first
   * time (then the offset points just past itself and the name's bytes are skipped), else earlier.
   */
  private nameAt(at: number, end: number): { name: string; end: number } {
    this.need(at, 4, 'name offset', end);
    const offset = this.bytes.readUInt32LE(at);
    const name = this.name(offset);
    const after = at + 4;
    if (offset !== after) return { name, end: after };
    // next name offset (4), hash (2), character count (2), characters, NUL (2)
    const stored = after + 10 + name.length * 2;
    if (stored > end) throw new EvtxError(`name "${name}" runs past the end of its fragment`, at);
    return { name, end: stored };
  }

  private name(offset: number): string {
    const known = this.names.get(offset);
    if (known !== undefined) return known;
    this.need(offset, 8, 'name');
    const length = this.bytes.readUInt16LE(offset + 6);
    this.need(offset + 8, length * 2, 'name');
    const name = this.bytes.toString('utf16le', offset + 8, offset + 8 + length * 2);
    // Names go into the XML as they are: a damaged one must not break the markup around it.
    if (!XML_NAME.test(name)) throw new EvtxError(`name at ${hex(offset)} is not an XML name: ${JSON.stringify(name.slice(0, 40))}`, offset);
    this.names.set(offset, name);
    return name;
  }

  /** Throws unless `length` bytes from `at` lie inside the chunk and before `end`. */
  need(at: number, length: number, what: string, end = this.bytes.length): void {
    if (at < 0 || at + length > end || at + length > this.bytes.length) {
      throw new EvtxError(`${what} at ${hex(at)} runs past the end of its ${end === this.bytes.length ? 'chunk' : 'fragment'}`, at);
    }
  }
}

/** Value text, substitutions, character and entity references: what an attribute value and text content are made of. */
function isValueToken(token: number): boolean {
  const base = token & ~MORE_FLAG;
  return base === Token.Value || base === Token.CharRef || base === Token.EntityRef || token === Token.NormalSubstitution || token === Token.OptionalSubstitution;
}
