// A JSON event read lazily: the reader checks the line (scanJson) and keeps where its top-level
// members are; a top-level field is then read from those offsets without flattening, and only a
// search that needs more flattens the whole event. Every answer equals what flattenJson gives,
// or the probe says it cannot be sure and the caller flattens.
import { addFieldValue, type FieldMap, type LazyFields } from '../event';
import { MAX_TRACKED_KEY_LENGTH, flattenMember, scanJson, type JsonMembers } from './jsonFlatten';

/**
 * The decoded text of the string quoted at [start, end) (end after the closing quote; checked
 * JSON). Windows paths make `\\` the usual escape: it, `\"` and `\/` are decoded here; a
 * string with any other escape goes to JSON.parse.
 */
function quotedText(t: string, start: number, end: number): string {
  const last = end - 1;
  let k = start + 1;
  while (k < last && t.charCodeAt(k) !== 92) k++;
  if (k === last) return t.slice(start + 1, last);
  let out = '';
  let from = start + 1;
  while (k >= 0 && k < last) {
    const next = t.charCodeAt(k + 1);
    if (next !== 92 && next !== 34 && next !== 47) return JSON.parse(t.slice(start, end)) as string;
    out += t.slice(from, k) + t[k + 1];
    from = k + 2;
    k = t.indexOf('\\', from);
  }
  return out + t.slice(from, last);
}

/** A scalar's field text: a string decoded, a number or word as written. */
function scalarText(t: string, start: number, end: number): string {
  return t.charCodeAt(start) === 34 ? quotedText(t, start, end) : t.slice(start, end);
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

/** The keys a dotted name can nest under when flattened: `a` and `a.b` for `a.b.c`. */
function prefixesOf(name: string): string[] {
  const parts = name.split('.');
  return parts.slice(1).map((_, k) => parts.slice(0, k + 1).join('.'));
}

/** Names read together in one pass over an event's members (the time fields). */
export class TopLevelNames {
  private readonly byLength: Array<number[] | undefined> = [];
  /** Keys whose object would flatten to one of the names (`id` for `id.time`). */
  readonly parents: ReadonlySet<string>;
  /** Per name, the keys that could spell it, each with its closing quote (`_time"`, `id"`). */
  private readonly closedKeys: ReadonlyArray<readonly string[]>;

  constructor(readonly names: readonly string[]) {
    // firstParsed keeps one bit per name.
    if (names.length > 30) throw new Error('at most 30 names are read together');
    names.forEach((name, index) => (this.byLength[name.length] ??= []).push(index));
    this.closedKeys = names.map((name) => [name, ...prefixesOf(name)].map((key) => JSON.stringify(key).slice(1)));
    this.parents = new Set(names.flatMap(prefixesOf));
  }

  /**
   * Whether no key that could spell a name before `limit` occurs quoted in `t` from `from` on:
   * the name itself (`"_time"`) or, for a dotted name, a key it would nest under (`"id"`). Searched
   * without the opening quote (`_time"`): JSON is full of quotes, which would make every quote a
   * candidate; a match that is not a key only means the caller goes on comparing.
   */
  noneQuotedAfter(t: string, from: number, limit: number): boolean {
    for (let index = 0; index < limit; index++) {
      for (const closed of this.closedKeys[index]) if (t.includes(closed, from)) return false;
    }
    return true;
  }

  /**
   * The index of the name the key quoted at [start, end) spells, among the names before `limit`;
   * -1 for none.
   */
  indexOf(t: string, start: number, end: number, escaped: boolean, limit = this.names.length): number {
    if (escaped) {
      const index = this.names.indexOf(quotedText(t, start, end));
      return index < limit ? index : -1;
    }
    const candidates = this.byLength[end - start - 2];
    if (candidates === undefined) return -1;
    const first = t.charCodeAt(start + 1);
    // Candidates are in index order, so the search stops at the limit.
    for (const index of candidates) {
      if (index >= limit) return -1;
      const name = this.names[index];
      if (name.charCodeAt(0) === first && t.startsWith(name, start + 1)) return index;
    }
    return -1;
  }
}

/** The lazy fields of one checked JSON event. */
export class JsonTopLevel implements LazyFields {
  /** A `""` key holds an object or array: its members flatten to top-level names too. */
  private readonly emptyKeyNests: boolean;
  private readonly members: readonly number[];
  private readonly escapedKeys: boolean;
  private readonly repeatedKeyLengths: number;

  constructor(
    scanned: JsonMembers,
    raw: string,
    private readonly positions?: KeyPositions,
  ) {
    this.members = scanned.offsets;
    this.escapedKeys = scanned.escapedKeys;
    this.repeatedKeyLengths = scanned.repeatedKeyLengths;
    const members = this.members;
    let nests = false;
    for (let m = 0; m < members.length; m += 4) {
      if (!isNested(raw, members[m + 2])) continue;
      if (members[m + 1] === members[m] + 2) nests = true;
    }
    this.emptyKeyNests = nests;
  }

  /** flattenJson(raw), from the members the check found: scalars are sliced, nested values walked. */
  extract(raw: string): FieldMap {
    const fields: FieldMap = new Map();
    const members = this.members;
    for (let m = 0; m < members.length; m += 4) {
      const key = quotedText(raw, members[m], members[m + 1]);
      const valueStart = members[m + 2];
      if (isNested(raw, valueStart)) flattenMember(raw, valueStart, key, fields);
      else addFieldValue(fields, key, scalarText(raw, valueStart, members[m + 3]));
    }
    return fields;
  }

  /**
   * `flattenJson(raw).get(name)` when certain: a plain name (no `.`, no `{}`) that occurs at most
   * once at the top level with a scalar value (`null`: it does not occur). Undefined otherwise.
   */
  probe(raw: string, name: string): string | null | undefined {
    return this.scalarOf(raw, name, false);
  }

  /** The first value of `name`: its first top-level scalar, under the same conditions as `probe`. */
  probeFirst(raw: string, name: string): string | null | undefined {
    return this.scalarOf(raw, name, true);
  }

  private scalarOf(raw: string, name: string, first: boolean): string | null | undefined {
    if (this.emptyKeyNests || name.length === 0 || name.includes('.') || name.includes('{')) return undefined;
    const members = this.members;
    const hinted = this.uniqueAtHint(raw, name);
    if (hinted >= 0) return isNested(raw, members[hinted + 2]) ? null : scalarText(raw, members[hinted + 2], members[hinted + 3]);
    let found: string | null = null;
    for (let m = 0; m < members.length; m += 4) {
      if (!keyIs(raw, members[m], members[m + 1], name, this.escapedKeys)) continue;
      this.positions?.remember(name, m);
      const valueStart = members[m + 2];
      if (isNested(raw, valueStart)) continue;
      // A second scalar makes a multivalue field: only extraction gives all of it.
      if (found !== null) return undefined;
      found = scalarText(raw, valueStart, members[m + 3]);
      if (first) return found;
    }
    return found;
  }

  /**
   * Where the key `name` is when it is the only key of its length and sits where it sat in an
   * earlier event of the log (events of one kind list their keys in one order); -1 otherwise.
   */
  private uniqueAtHint(raw: string, name: string): number {
    const positions = this.positions;
    if (!positions || this.escapedKeys || name.length >= MAX_TRACKED_KEY_LENGTH || (this.repeatedKeyLengths & (1 << name.length)) !== 0) return -1;
    const m = positions.of(name);
    if (m === undefined || m >= this.members.length) return -1;
    return keyIs(raw, this.members[m], this.members[m + 1], name, false) ? m : -1;
  }

  /**
   * The first of `names` (in their order) whose first top-level scalar value `parse` accepts, as
   * parsed: one pass over the members, each name's first value parsed at most once, and names after
   * the best found so far not even compared. Undefined: none parses. False: a nested value could
   * also spell one of the names (a `""` key holding an object, or `id` holding one for `id.time`),
   * so only flattening tells the first value.
   */
  firstParsed(raw: string, names: TopLevelNames, parse: (value: string) => number | undefined): number | undefined | false {
    if (this.emptyKeyNests) return false;
    const members = this.members;
    let limit = names.names.length;
    let found: number | undefined;
    // Bit i: the name at index i has had its first value (later values of it do not count).
    let seen = 0;
    for (let m = 0; m < members.length; m += 4) {
      const valueStart = members[m + 2];
      if (isNested(raw, valueStart)) {
        if (names.parents.has(quotedText(raw, members[m], members[m + 1]))) return false;
        continue;
      }
      const index = names.indexOf(raw, members[m], members[m + 1], this.escapedKeys, limit);
      if (index < 0 || (seen & (1 << index)) !== 0) continue;
      seen |= 1 << index;
      const value = parse(scalarText(raw, valueStart, members[m + 3]));
      if (value === undefined) continue;
      found = value;
      limit = index;
      // Usually the time key comes early and nothing before it in the order follows: then the rest
      // of the members need no look (a quoted name in the rest of the line sends us on comparing).
      if (!this.escapedKeys && names.noneQuotedAfter(raw, members[m + 3], limit)) break;
    }
    return found;
  }
}

/** Checks a JSON line (throws JsonProblem as flattenJson would) and returns its lazy fields. */
export function readJsonEvent(raw: string, scratch?: number[], positions?: KeyPositions): JsonTopLevel {
  return new JsonTopLevel(scanJson(raw, undefined, scratch), raw, positions);
}

/**
 * Where each probed key was last found (its member offset index), shared by the events of one
 * reader: a probe looks there first. Names come from searches, so few; the bound guards the rest.
 */
export class KeyPositions {
  private readonly byName = new Map<string, number>();

  of(name: string): number | undefined {
    return this.byName.get(name);
  }

  remember(name: string, member: number): void {
    if (this.byName.size < MAX_REMEMBERED_KEYS || this.byName.has(name)) this.byName.set(name, member);
  }
}

const MAX_REMEMBERED_KEYS = 1000;
