// Renders a record's BinXml to the XML text Windows' EvtRender gives (what Splunk indexes as
// XmlWinEventLog): single-quoted attributes, no whitespace between elements, `<Name/>` for an empty
// element and `<Name></Name>` for one whose content is empty. The MS-EVEN6 rules for templates
// (3.1.4.7): an optional substitution whose value is NULL removes the element or attribute that
// immediately encloses it; an array value repeats the element that encloses it once per item (an
// empty array gives the element once, empty).
import {
  NodeKind,
  type AttributeNode,
  type BinXmlChunk,
  type ContentNode,
  type ElementNode,
  type FragmentNode,
  type SubstitutionNode,
  type TemplateInstanceNode,
  type ValueNode,
} from './binxml';
import { EvtxError } from './errors';
import { ARRAY_FLAG, ValueType, arrayItems, escapeAttribute, escapeContent, scalarText } from './values';

/** Where a template instance's values are: per value its type, first byte and size. */
interface Values {
  types: number[];
  starts: number[];
  sizes: number[];
}

function readValues(bytes: Buffer, offset: number): Values {
  // parseTemplateInstance has checked that the descriptors and values lie inside the record.
  // Plain arrays: one instance per record, and typed arrays cost more to allocate than they save.
  const count = bytes.readUInt32LE(offset);
  const values: Values = { types: [], starts: [], sizes: [] };
  let at = offset + 4 + count * 4;
  for (let i = 0; i < count; i++) {
    const descriptor = offset + 4 + i * 4;
    const size = bytes[descriptor] | (bytes[descriptor + 1] << 8);
    values.types.push(bytes[descriptor + 2]);
    values.starts.push(at);
    values.sizes.push(size);
    at += size;
  }
  return values;
}

function piText(target: string, data: string): string {
  return data ? `<?${target} ${data}?>` : `<?${target}?>`;
}

/**
 * The renderer of one chunk's records. `workLeft` is the chunk's remaining budget (characters
 * produced plus nodes visited, `maxChunkWork`), shared by all its records.
 */
export class ChunkRenderer {
  private out = '';
  private nodes = 0;
  private elements = 0;
  /** While an element repeats for an array value: that value's index and the current item's text. */
  private arrayIndex = -1;
  private arrayItem = '';
  private workLeft: number;

  constructor(private readonly chunk: BinXmlChunk) {
    this.workLeft = chunk.limits.maxChunkWork;
  }

  /** The XML of the BinXml document between `start` and `end` (chunk offsets); throws EvtxError. */
  renderRecord(start: number, end: number): string {
    this.out = '';
    this.nodes = 0;
    this.elements = 0;
    this.arrayIndex = -1;
    try {
      const fragment = this.chunk.parseFragment(start, end, 0, true);
      this.renderFragment(fragment.nodes, undefined, 0, true);
      this.checkBudget(start);
      if (this.elements === 0) throw new EvtxError('the record holds no XML element', start);
      return this.out;
    } finally {
      this.workLeft -= this.out.length + this.nodes;
      this.out = '';
    }
  }

  /** `root`: the nodes are the record's own root (whose element must stay one element, whatever its values). */
  private renderFragment(nodes: FragmentNode[], values: Values | undefined, depth: number, root: boolean): void {
    for (const node of nodes) {
      if (node.kind === NodeKind.TemplateInstance) this.renderInstance(node, depth, root);
      else if (node.kind === NodeKind.Element) this.renderElement(node, values, depth + 1, root);
      else this.out += piText(node.target, node.data);
    }
  }

  private renderInstance(instance: TemplateInstanceNode, depth: number, root: boolean): void {
    if (depth + 1 > this.chunk.limits.maxDepth) throw new EvtxError(`BinXml nested deeper than ${this.chunk.limits.maxDepth} levels (maxDepth)`, instance.valuesOffset);
    const template = this.chunk.template(instance.definitionOffset);
    // An array repetition does not reach into another instance's values.
    const savedIndex = this.arrayIndex;
    this.arrayIndex = -1;
    this.renderFragment(template.nodes, readValues(this.chunk.bytes, instance.valuesOffset), depth + 1, root);
    this.arrayIndex = savedIndex;
  }

  private renderElement(element: ElementNode, values: Values | undefined, depth: number, root = false): void {
    if (depth > this.chunk.limits.maxDepth) throw new EvtxError(`elements nested deeper than ${this.chunk.limits.maxDepth} levels (maxDepth)`, 0);
    if (values) {
      // The record's root element is never left out or repeated: the event is that one element.
      if (root) {
        this.renderElementOnce(element, values, depth);
        return;
      }
      for (const index of element.optionalContent) if (this.isNull(values, index)) return;
      for (const index of element.substitutions) {
        if (index !== this.arrayIndex && index < values.types.length && (values.types[index] & ARRAY_FLAG) !== 0 && values.types[index] !== (ValueType.BinXml | ARRAY_FLAG)) {
          this.renderRepeated(element, values, depth, index);
          return;
        }
      }
    }
    this.renderElementOnce(element, values, depth);
  }

  private renderRepeated(element: ElementNode, values: Values, depth: number, index: number): void {
    const items = arrayItems(this.chunk.bytes, values.types[index] & ~ARRAY_FLAG, values.starts[index], values.sizes[index]);
    const savedIndex = this.arrayIndex;
    const savedItem = this.arrayItem;
    this.arrayIndex = index;
    for (let i = 0; i < Math.max(items.length, 1); i++) {
      this.arrayItem = items.length === 0 ? '' : items[i];
      this.renderElement(element, values, depth);
    }
    this.arrayIndex = savedIndex;
    this.arrayItem = savedItem;
  }

  private renderElementOnce(element: ElementNode, values: Values | undefined, depth: number): void {
    this.nodes++;
    this.elements++;
    this.out += '<';
    this.out += element.name;
    for (const attribute of element.attributes) this.renderAttribute(attribute, values);
    const children = element.children;
    if (children === null) {
      this.out += '/>';
    } else {
      this.out += '>';
      for (const child of children) this.renderContent(child, values, depth);
      this.out += '</';
      this.out += element.name;
      this.out += '>';
    }
    this.checkBudget(0);
  }

  private renderAttribute(attribute: AttributeNode, values: Values | undefined): void {
    if (values) for (const index of attribute.optional) if (this.isNull(values, index)) return;
    this.out += ' ';
    this.out += attribute.name;
    this.out += "='";
    for (const part of attribute.parts) this.renderValuePart(part, values, true);
    this.out += "'";
  }

  private renderContent(node: ContentNode, values: Values | undefined, depth: number): void {
    switch (node.kind) {
      case NodeKind.Element:
        this.renderElement(node, values, depth + 1);
        return;
      case NodeKind.CData:
        this.nodes++;
        // `]]>` cannot stand inside a CDATA section: it ends one section and starts the next.
        this.out += `<![CDATA[${node.text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
        return;
      case NodeKind.PI:
        this.nodes++;
        this.out += piText(node.target, node.data);
        return;
      case NodeKind.Substitution:
        this.renderSubstitution(node, values, false, depth);
        return;
      default:
        this.renderValuePart(node, values, false);
    }
  }

  private renderValuePart(part: ValueNode, values: Values | undefined, inAttribute: boolean): void {
    this.nodes++;
    switch (part.kind) {
      case NodeKind.Text:
        this.out += inAttribute ? escapeAttribute(part.text) : escapeContent(part.text);
        return;
      case NodeKind.EntityRef:
        this.out += `&${part.name};`;
        return;
      case NodeKind.CharRef:
        this.out += `&#${part.code};`;
        return;
      default:
        this.renderSubstitution(part, values, inAttribute, 0);
    }
  }

  private renderSubstitution(node: SubstitutionNode, values: Values | undefined, inAttribute: boolean, depth: number): void {
    this.nodes++;
    const index = node.index;
    if (!values || index >= values.types.length) {
      throw new EvtxError(`substitution of value ${index}, but the template instance has ${values ? values.types.length : 'no'} values`, 0);
    }
    const type = values.types[index];
    const start = values.starts[index];
    const size = values.sizes[index];
    if (index !== this.arrayIndex && (type === ValueType.BinXml || type === (ValueType.BinXml | ARRAY_FLAG))) {
      this.renderNestedBinXml(start, size, inAttribute, depth);
      return;
    }
    let text: string;
    if (index === this.arrayIndex) text = this.arrayItem;
    else if (type === ValueType.EvtXml && !inAttribute) {
      // EvtXml is XML text already: inserted as markup.
      this.out += scalarText(this.chunk.bytes, type, start, size);
      this.checkBudget(start);
      return;
    }
    // An array value in no element it could repeat (the record's root) reads as its items joined by commas.
    else text = (type & ARRAY_FLAG) !== 0 ? arrayItems(this.chunk.bytes, type & ~ARRAY_FLAG, start, size).join(',') : scalarText(this.chunk.bytes, type, start, size);
    this.out += inAttribute ? escapeAttribute(text) : escapeContent(text);
    // An element may hold thousands of substitutions of one large value: checked here, not only at its end tag.
    this.checkBudget(start);
  }

  /** A BinXml value: a fragment of its own (usually a template instance), rendered in place. */
  private renderNestedBinXml(start: number, size: number, inAttribute: boolean, depth: number): void {
    if (size === 0) return;
    if (depth + 1 > this.chunk.limits.maxDepth) throw new EvtxError(`BinXml nested deeper than ${this.chunk.limits.maxDepth} levels (maxDepth)`, start);
    const fragment = this.chunk.parseFragment(start, start + size, depth + 1, true);
    if (!inAttribute) {
      this.renderFragment(fragment.nodes, undefined, depth + 1, false);
      return;
    }
    // BinXml belongs in element content only (MS-EVEN6); in an attribute its markup is written as text.
    const before = this.out;
    this.out = '';
    this.renderFragment(fragment.nodes, undefined, depth + 1, false);
    this.out = before + escapeAttribute(this.out);
  }

  private isNull(values: Values, index: number): boolean {
    return index >= values.types.length || values.types[index] === ValueType.Null;
  }

  private checkBudget(at: number): void {
    if (this.out.length > this.chunk.limits.maxEventChars) {
      throw new EvtxError(`event renders to more than ${this.chunk.limits.maxEventChars} characters (maxEventChars)`, at);
    }
    if (this.out.length + this.nodes > this.workLeft) {
      throw new EvtxError(`rendering this chunk exceeds ${this.chunk.limits.maxChunkWork} characters and nodes (maxChunkWork)`, at);
    }
  }
}
