// The fast path: literals every matching event's raw text must contain, derived from the first
// search (or tstats where) clause, handed to the reader as a `lineFilter` so other lines are skipped
// before any field is extracted. Only literals that are PROVABLY in the raw text of every matching
// event are required (docs/semantics.md, "Fast path"):
// - a bare search term: its text is matched against `_raw` itself;
// - `field=value` on an extracted field: an extracted value is a piece of the raw text;
// - on a CIM field (tstats): only when every way the mapping and the data model can produce the
//   field keeps a piece of one raw field (a field, `|basename`, `|lower` ...), and no constant they
//   can produce instead (`"unknown"`, `'allowed'`, a lookup table's values) contains the literal.
//   Calculated fields qualify only in shapes reviewed here; anything else gives no filter.
// Literals are runs of `[a-z0-9._-]` of 3+ characters: characters no log writer escapes (XML
// entities, JSON `\` escapes), so a value's text and its raw form agree.
import type { CommandNode, SearchExprNode, StringNode, WordNode } from '../../spl/ast';
import type { CimViewProvider, DatasetView } from './cimView';

const SAFE_RUN = /[a-z0-9._-]{3,}/g;

/** Fields that are not extracted from the raw text. */
const METADATA = new Set(['_time', 'host', 'source', 'sourcetype', 'index', 'linecount', 'eventtype', 'tag', 'splunk_server', 'punct', 'date_hour']);

type FieldCheck = (field: string, literal: string) => boolean;

function runs(pattern: string): string[] {
  const out = new Set<string>();
  for (const piece of pattern.toLowerCase().split('*')) for (const m of piece.match(SAFE_RUN) ?? []) out.add(m);
  return [...out];
}

function intersect(sets: Set<string>[]): Set<string> {
  if (sets.length === 0) return new Set();
  return new Set([...sets[0]].filter((v) => sets.every((s) => s.has(v))));
}

function valueText(value: WordNode | StringNode | { kind: string }): string | undefined {
  if (value.kind === 'word') return (value as WordNode).text;
  if (value.kind === 'string') return (value as StringNode).value;
  return undefined;
}

function derive(node: SearchExprNode | null, fieldOk: FieldCheck): Set<string> {
  if (!node) return new Set();
  switch (node.kind) {
    case 'searchAnd': {
      const all = new Set<string>();
      for (const operand of node.operands) for (const literal of derive(operand, fieldOk)) all.add(literal);
      return all;
    }
    case 'searchOr':
      return intersect(node.operands.map((o) => derive(o, fieldOk)));
    case 'searchGroup':
      return derive(node.expr, fieldOk);
    case 'searchTerm': {
      const text = valueText(node.term);
      return new Set(text === undefined ? [] : runs(text));
    }
    case 'searchCompare': {
      if ((node.operator !== '=' && node.operator !== '==') || !node.value || node.field.name.includes('*')) return new Set();
      const text = valueText(node.value);
      if (text === undefined) return new Set();
      return new Set(runs(text).filter((literal) => fieldOk(node.field.name, literal)));
    }
    case 'searchIn': {
      if (node.field.name.includes('*') || node.values.length === 0) return new Set();
      return intersect(
        node.values.map((value) => {
          const text = valueText(value);
          return new Set(text === undefined ? [] : runs(text).filter((literal) => fieldOk(node.field.name, literal)));
        }),
      );
    }
    default:
      return new Set();
  }
}

/** Whether a mapping spec (server/src/engine/cim/fieldSpec.ts) only yields raw pieces or constants without `literal`. */
function specSafe(spec: unknown, literal: string): boolean {
  if (Array.isArray(spec)) return spec.every((s) => specSafe(s, literal));
  if (typeof spec === 'string') {
    if (spec.length >= 2 && spec.startsWith("'") && spec.endsWith("'")) return !spec.slice(1, -1).toLowerCase().includes(literal);
    const [, ...modifiers] = spec.split('|');
    return modifiers.every((m) => ['basename', 'endswith', 'parentbasename', 'lower', 'upper'].includes(m));
  }
  if (spec && typeof spec === 'object' && 'map' in spec) {
    const table = (spec as { map: Record<string, string> }).map;
    return Object.values(table).every((v) => !String(v).toLowerCase().includes(literal));
  }
  return false;
}

// The data model's "name from path" calculation, as reviewed: the add-on's name, else one capture
// group of an anchored replace over the path (the text after it starts at a line break, which no
// literal holds), else "unknown". Written for process_name/process; applied to its variants.
const NAME_FROM_PATH_TEMPLATE =
  "case(isnotnull(process_name) AND process_name!=\"\", process_name, isnotnull(process) AND process!=\"\" AND match(process, \"^\\s*(?:\\\"..*\\\\\\([^\\\"]+)\\\").*\"), replace( process, \"^\\s*(?:\\\"..*\\\\\\([^\\\"]+)\\\").*\", \"\\1\" ), isnotnull(process) AND process!=\"\" AND match(process, \"^(?:..*\\\\\\)?([^\\s\\\"]+)(?=\\s|$).*\"), replace( process, \"^(?:..*\\\\\\)?([^\\s\\\"]+)(?=\\s|$).*\", \"\\1\" ), 1=1, \"unknown\")";

function nameFromPath(name: string, path: string): string {
  return NAME_FROM_PATH_TEMPLATE.replace(/process_name/g, '\u0000').replace(/process/g, path).replace(/\u0000/g, name);
}

/** The fields a reviewed calculation reads and the constants it can produce; undefined when not reviewed. */
function reviewedCalculation(field: string, expression: string): { reads: string[]; constants: string[] } | undefined {
  const unknownDefault = /^if\(isnull\((\w+)\) OR \1="","unknown",\1\)$/.exec(expression);
  if (unknownDefault && unknownDefault[1] === field) return { reads: [], constants: ['unknown'] };
  const path = field.endsWith('_name') ? field.slice(0, -'_name'.length) : undefined;
  if (path && expression === nameFromPath(field, path)) return { reads: [path], constants: ['unknown'] };
  return undefined;
}

function cimFieldSafe(view: DatasetView, name: string, literal: string, depth = 0): boolean {
  if (depth > 4) return false;
  const base = view.baseName(name);
  if (base === undefined || METADATA.has(base)) return false;
  const expression = view.calculation(base);
  if (expression !== undefined) {
    const reviewed = reviewedCalculation(base, expression);
    if (!reviewed) return false;
    if (reviewed.constants.some((c) => c.includes(literal))) return false;
    if (!reviewed.reads.every((f) => cimFieldSafe(view, f, literal, depth + 1))) return false;
  }
  return view.mappingSpecs(base).every((spec) => specSafe(spec, literal));
}

/** The literals to require of every raw event, lower-case (empty: no filter). */
export function requiredLiterals(first: CommandNode | undefined, cim: CimViewProvider | undefined): string[] {
  if (!first) return [];
  if (first.kind === 'search') {
    return [...derive(first.expr, (field) => !METADATA.has(field) && !field.startsWith('_'))].sort();
  }
  if (first.kind === 'tstats' && cim && first.source?.kind === 'option' && first.source.value?.kind === 'word') {
    let view: DatasetView;
    try {
      view = cim.dataset(first.source.value.text);
    } catch {
      return [];
    }
    return [...derive(first.where, (field, literal) => cimFieldSafe(view, field, literal))].sort();
  }
  return [];
}
