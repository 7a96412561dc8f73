// A JSON event read lazily: the reader checks the line (scanJson) and keeps where its top-level
// members are; a top-level field is then read from those offsets without flattening, and only a
// search that needs more flattens the whole event. Every answer equals what flattenJson gives,
// or the probe says it cannot be sure and the caller flattens.
import type { FieldMap, LazyFields } from '../event';
import { flattenJson, scanJson, type JsonMembers } from './jsonFlatten';

/** The decoded text of the string quoted at [start, end) (end after the closing quote). */
function quotedText(t: string, start: number, end: number): string {
  for (let k = start + 1; k < end - 1; k++) {
    if (t.charCodeAt(k) === 92) return JSON.parse(t.slice(start, end)) as string;
  }
  return t.slice(start + 1, end - 1);
}

function isNested(t: string, valueStart: number): boolean {
  const c = t.charCodeAt(valueStart);
  return c === 123 || c === 91;
}

/** Whether the key quoted at [start, end) spells `name`; `escaped`: the key may hold escapes. */
function keyIs(t: string, start: number, end: number, name: string, escaped: boolean): boolean {
  const length = end - start - 2;
  if (!escaped) return length === name.length && t.startsWith(name, start + 1);
  // Decoding an escape only shortens a key, so a shorter key cannot spell the name.
  return length >= name.length && quotedText(t, start, end) === name;
}

/** The lazy fields of one checked JSON event. */
export class JsonTopLevel implements LazyFields {
  /** A `""` key holds an object or array: its members flatten to top-level names too. */
  private readonly emptyKeyNests: boolean;
  private readonly members: readonly number[];
  private readonly escapedKeys: boolean;

  constructor(scanned: JsonMembers, raw: string) {
    this.members = scanned.offsets;
    this.escapedKeys = scanned.escapedKeys;
    const members = this.members;
    let nests = false;
    for (let m = 0; m < members.length; m += 4) {
      if (members[m + 1] === members[m] + 2 && isNested(raw, members[m + 2])) nests = true;
    }
    this.emptyKeyNests = nests;
  }

  extract(raw: string): FieldMap {
    return flattenJson(raw);
  }

  /**
   * `flattenJson(raw).get(name)` when certain: a plain name (no `.`, no `{}`) that occurs at most
   * once at the top level with a scalar value (`null`: it does not occur). Undefined otherwise.
   */
  probe(raw: string, name: string): string | null | undefined {
    if (this.emptyKeyNests || name.length === 0 || name.includes('.') || name.includes('{')) return undefined;
    return this.firstScalar(raw, name, true);
  }

  /**
   * The first scalar value of top-level key `name` (what flattening's first value of `name` is
   * unless a nested key also spells it: see `spelledByNested`); null when there is none. With
   * `single`, undefined when the key holds more than one scalar (a multivalue field).
   */
  firstScalar(raw: string, name: string, single = false): string | null | undefined {
    const members = this.members;
    let found: string | null = null;
    for (let m = 0; m < members.length; m += 4) {
      const valueStart = members[m + 2];
      if (isNested(raw, valueStart) || !keyIs(raw, members[m], members[m + 1], name, this.escapedKeys)) continue;
      if (found !== null) {
        if (single) return undefined;
        continue;
      }
      const valueEnd = members[m + 3];
      found = raw.charCodeAt(valueStart) === 34 ? quotedText(raw, valueStart, valueEnd) : raw.slice(valueStart, valueEnd);
    }
    return found;
  }

  /**
   * Whether flattening could also give `name` from a nested value: a `""` key holding an object or
   * array, or (for a dotted name such as `id.time`) a top-level key that is a prefix of it.
   */
  spelledByNested(raw: string, name: string): boolean {
    if (this.emptyKeyNests) return true;
    const dot = name.indexOf('.');
    if (dot < 0) return false;
    const members = this.members;
    for (let m = 0; m < members.length; m += 4) {
      if (!isNested(raw, members[m + 2])) continue;
      const key = quotedText(raw, members[m], members[m + 1]);
      if (name.startsWith(`${key}.`)) return true;
    }
    return false;
  }
}

/** Checks a JSON line (throws JsonProblem as flattenJson would) and returns its lazy fields. */
export function readJsonEvent(raw: string): JsonTopLevel {
  return new JsonTopLevel(scanJson(raw), raw);
}
