// The field specs of server/data/cim-mappings.json, compiled once into functions. A spec says how
// a CIM field is computed from an event's extracted fields:
//   "Image"                 the field's value (multivalue kept)
//   "Image|basename"        text after the last `\` or `/` (the corpus writes it `Image|endswith`)
//   "TargetObject|parentbasename"  the path segment before the last one
//   "IntegrityLevel|lower"  lower-cased ("|upper" likewise)
//   "'allowed'"             a constant
//   ["A", "B|basename"]     the first spec that gives a non-empty value
//   {"from": "F", "map": {"v": "w"}}  F's value looked up in the table (no entry: no value)
import type { FieldValue } from '../event';

export type FieldSpec = string | FieldSpec[] | { from: string; map: Record<string, string> };
export type FieldLookup = (name: string) => FieldValue | undefined;
export type CompiledSpec = (get: FieldLookup) => FieldValue | undefined;

export class FieldSpecError extends Error {}

function basename(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut < 0 ? path : path.slice(cut + 1);
}

function parentBasename(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut < 0 ? '' : basename(path.slice(0, cut));
}

const MODIFIERS: Record<string, (s: string) => string> = {
  basename,
  endswith: basename,
  parentbasename: parentBasename,
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
};

function mapValue(value: FieldValue | undefined, fn: (s: string) => string): FieldValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    const out = fn(value);
    return out === '' ? undefined : out;
  }
  const out = value.map(fn).filter((s) => s !== '');
  return out.length === 0 ? undefined : out.length === 1 ? out[0] : out;
}

function isEmpty(value: FieldValue | undefined): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export function compileFieldSpec(spec: FieldSpec): CompiledSpec {
  if (Array.isArray(spec)) {
    const options = spec.map(compileFieldSpec);
    return (get) => {
      for (const option of options) {
        const value = option(get);
        if (!isEmpty(value)) return value;
      }
      return undefined;
    };
  }
  if (typeof spec === 'object' && spec !== null) {
    if (typeof spec.from !== 'string' || typeof spec.map !== 'object') throw new FieldSpecError(`bad field spec ${JSON.stringify(spec)}`);
    const table = new Map(Object.entries(spec.map));
    const from = spec.from;
    return (get) => mapValue(get(from), (s) => table.get(s) ?? '');
  }
  if (typeof spec !== 'string' || spec.length === 0) throw new FieldSpecError(`bad field spec ${JSON.stringify(spec)}`);
  if (spec.length >= 2 && spec.startsWith("'") && spec.endsWith("'")) {
    const constant = spec.slice(1, -1);
    return () => constant;
  }
  const [field, ...modifiers] = spec.split('|');
  const fns = modifiers.map((m) => {
    const fn = MODIFIERS[m];
    if (!fn) throw new FieldSpecError(`unknown modifier |${m} in ${JSON.stringify(spec)}`);
    return fn;
  });
  if (fns.length === 0) return (get) => (isEmpty(get(field)) ? undefined : get(field));
  return (get) => mapValue(get(field), (s) => fns.reduce((acc, fn) => fn(acc), s));
}
