// The field specs of server/data/cim-mappings.json, compiled once into functions. A spec says how
// a CIM field is computed from an event's extracted fields:
//   "Image"                 the field's value (multivalue kept)
//   "Image|basename"        text after the last `\` or `/` (the corpus writes it `Image|endswith`)
//   "TargetObject|parentbasename"  the path segment before the last one
//   "IntegrityLevel|lower"  lower-cased ("|upper" likewise)
//   "TargetObject|firstsegment"  the path segment before the first `\` or `/` (a registry hive)
//   "eventSource|firstlabel"  the text before the first `.` (`iam` of `iam.amazonaws.com`)
//   "Hashes|hash:MD5"       the value of `MD5=` in a `MD5=...,SHA256=...` list (Sysmon's Hashes)
//   "Destination|unquoted"  without its `"` characters
//   "_raw|token:3"          the 3rd tab-separated (when the text has a tab, else space-separated) token,
//                           for logs whose add-on names fields by position (CloudFront, VPC flow logs)
//   "'allowed'"             a constant
//   ["A", "B|basename"]     the first spec that gives a non-empty value
//   {"from": "F", "map": {"v": "w"}}  F's value (F may be a spec: "_raw|token:13") looked up in the table (no entry: no value)
//   {"from": "F", "map": {}, "default": "w"}  ... and `default` for a value not in the table
//   {"pick": "P{}.Value", "where": "P{}.Name", "is": "N"}  the value beside name N in a JSON array
//                           of name/value pairs (O365's ExtendedProperties: the add-on makes each a field)
import type { FieldValue } from './fieldValue';

export type FieldSpec = string | FieldSpec[] | LookupSpec | PairSpec;
export interface LookupSpec {
  from: string;
  map: Record<string, string>;
  default?: string;
}
export interface PairSpec {
  pick: string;
  where: string;
  is: string;
}
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

function firstSegment(path: string): string {
  const cut = path.search(/[\\/]/);
  return cut < 0 ? path : path.slice(0, cut);
}

/** `MD5=A,SHA256=B` with `name` SHA256 gives B. */
function hashValue(list: string, name: string): string {
  for (const pair of list.split(',')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim().toUpperCase() === name) return pair.slice(at + 1).trim();
  }
  return '';
}

/** The `position`th (1-based) token of a line: tab-separated when it holds a tab, else space-separated. */
function token(line: string, position: string): string {
  const tokens = line.includes('\t') ? line.split('\t') : line.trim().split(/ +/);
  return tokens[Number(position) - 1] ?? '';
}

const MODIFIERS: Record<string, (s: string, argument: string) => string> = {
  basename,
  endswith: basename,
  parentbasename: parentBasename,
  firstsegment: firstSegment,
  firstlabel: (s) => s.split('.')[0],
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  unquoted: (s) => s.replace(/"/g, ''),
  hash: hashValue,
  token,
};

/** Modifiers that take an argument after `:` (`hash:MD5`, `token:3`); the others take none. */
const WITH_ARGUMENT = new Set(['hash', 'token']);

/** Modifiers whose result is always one piece of the raw value (the fast path may require its literals). */
export const PIECE_MODIFIERS: ReadonlySet<string> = new Set(['basename', 'endswith', 'parentbasename', 'firstsegment', 'firstlabel', 'lower', 'upper', 'hash', 'token']);

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
  if (typeof spec === 'object' && spec !== null && 'pick' in spec) {
    const { pick, where, is } = spec;
    if (typeof pick !== 'string' || typeof where !== 'string' || typeof is !== 'string') throw new FieldSpecError(`bad field spec ${JSON.stringify(spec)}`);
    return (get) => {
      const names = get(where);
      const values = get(pick);
      if (names === undefined || values === undefined) return undefined;
      const index = (typeof names === 'string' ? [names] : names).indexOf(is);
      const value = index < 0 ? undefined : (typeof values === 'string' ? [values] : values)[index];
      return value === undefined || value === '' ? undefined : value;
    };
  }
  if (typeof spec === 'object' && spec !== null) {
    if (typeof spec.from !== 'string' || typeof spec.map !== 'object' || (spec.default !== undefined && typeof spec.default !== 'string')) {
      throw new FieldSpecError(`bad field spec ${JSON.stringify(spec)}`);
    }
    const table = new Map(Object.entries(spec.map));
    const from = compileFieldSpec(spec.from);
    const otherwise = spec.default ?? '';
    return (get) => mapValue(from(get), (s) => table.get(s) ?? otherwise);
  }
  if (typeof spec !== 'string' || spec.length === 0) throw new FieldSpecError(`bad field spec ${JSON.stringify(spec)}`);
  if (spec.length >= 2 && spec.startsWith("'") && spec.endsWith("'")) {
    const constant = spec.slice(1, -1);
    return () => constant;
  }
  const [field, ...modifiers] = spec.split('|');
  const fns = modifiers.map((m) => {
    const [name, argument = ''] = m.split(':');
    const fn = MODIFIERS[name];
    if (!fn || WITH_ARGUMENT.has(name) !== (argument !== '') || (name === 'token' && !/^[1-9]\d*$/.test(argument))) {
      throw new FieldSpecError(`unknown modifier |${m} in ${JSON.stringify(spec)}`);
    }
    return (s: string) => fn(s, argument.toUpperCase());
  });
  if (fns.length === 0) return (get) => (isEmpty(get(field)) ? undefined : get(field));
  return (get) => mapValue(get(field), (s) => fns.reduce((acc, fn) => fn(acc), s));
}
