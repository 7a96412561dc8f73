// JSON to Splunk fields, named as `spath` (and KV_MODE=json) names them: nested object keys joined
// by `.`, an array adds `{}` to its key, and the values of every element under the same name make a
// multivalue field (`tags{}`, `actor{}.name`). Scalars keep their JSON text: numbers exactly as
// written (no float rounding of long ids), `true`/`false`/`null` as those words, strings decoded.
// Empty objects and arrays give no field. A hand-written parser, so that number text survives and
// the nesting limit turns a pathological line into a reported problem instead of a stack overflow.
// The same walker, without a field map, only checks a line and notes where its top-level keys and
// values are: the lazy JSON reader's whole cost for an event no search looks into (jsonTopLevel.ts).
import { addFieldValue, type FieldMap } from '../event';

export class JsonProblem extends Error {
  constructor(
    message: string,
    /** 0-based UTF-16 offset in the line. */
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Key lengths from this one on are not tracked (JsonMembers.repeatedKeyLengths has one bit per length). */
export const MAX_TRACKED_KEY_LENGTH = 31;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORDS = ['true', 'false', 'null'];

/** Characters allowed after a backslash besides `u`: `"` `\` `/` `b` `f` `n` `r` `t`. */
function isSimpleEscape(c: number): boolean {
  return c === 34 || c === 92 || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * One walk over a JSON object. With `fields` it flattens; without, it checks the text is JSON that
 * flattening accepts (same grammar, same errors, same depth limit) and records each top-level
 * member as four offsets in `members`: key start, key end (after its quote), value start, value end.
 */
class JsonWalker {
  private i = 0;
  /** Offset of the next backslash at or after the last one asked for; -1: none left. */
  private backslash = -2;
  /** Whether a top-level key holds an escape (recorded only while checking). */
  escapedKeys = false;
  /** Top-level key lengths below 31 met once (bit n: length n), and met more than once. */
  private keyLengths = 0;
  repeatedKeyLengths = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly fields: FieldMap | undefined,
    private readonly members: number[] | undefined,
  ) {}

  /** Flattens the value at `start` (known to be valid JSON) under `path`, at nesting `depth`. */
  valueAt(start: number, path: string, depth: number): void {
    this.i = start;
    this.value(path, depth);
  }

  run(): void {
    this.skipSpace();
    if (this.text.charCodeAt(this.i) !== 123 /* { */) throw new JsonProblem('a JSON event must be an object', this.i);
    this.value('', 0);
    this.skipSpace();
    if (this.i < this.text.length) throw new JsonProblem('text after the JSON object', this.i);
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
      this.i++;
    }
  }

  private value(path: string, depth: number): void {
    this.skipSpace();
    const c = this.text.charCodeAt(this.i);
    if (c === 123) return this.object(path, depth + 1);
    if (c === 91) return this.array(path, depth + 1);
    const scalar = this.scalar();
    if (this.fields) addFieldValue(this.fields, path, scalar as string);
  }

  private checkDepth(depth: number): void {
    if (depth > this.maxDepth) throw new JsonProblem(`JSON nested deeper than ${this.maxDepth} levels`, this.i);
  }

  private object(path: string, depth: number): void {
    this.checkDepth(depth);
    this.i++;
    this.skipSpace();
    if (this.text.charCodeAt(this.i) === 125) {
      this.i++;
      return;
    }
    const members = depth === 1 ? this.members : undefined;
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.i) !== 34) throw new JsonProblem('expected a quoted key', this.i);
      const keyStart = this.i;
      const key = this.string(this.fields !== undefined);
      const keyEnd = this.i;
      if (members) {
        if (this.backslash > keyStart && this.backslash < keyEnd) this.escapedKeys = true;
        this.noteKeyLength(keyEnd - keyStart - 2);
      }
      this.skipSpace();
      if (this.text.charCodeAt(this.i) !== 58) throw new JsonProblem("expected ':' after a key", this.i);
      this.i++;
      if (this.fields) this.value(path === '' ? (key as string) : `${path}.${key}`, depth);
      else {
        this.skipSpace();
        const valueStart = this.i;
        this.value('', depth);
        members?.push(keyStart, keyEnd, valueStart, this.i);
      }
      this.skipSpace();
      const c = this.text.charCodeAt(this.i);
      this.i++;
      if (c === 125) return;
      if (c !== 44) throw new JsonProblem("expected ',' or '}' in an object", this.i - 1);
    }
  }

  private noteKeyLength(length: number): void {
    if (length >= MAX_TRACKED_KEY_LENGTH) return;
    const bit = 1 << length;
    if ((this.keyLengths & bit) !== 0) this.repeatedKeyLengths |= bit;
    this.keyLengths |= bit;
  }

  private array(path: string, depth: number): void {
    this.checkDepth(depth);
    this.i++;
    this.skipSpace();
    if (this.text.charCodeAt(this.i) === 93) {
      this.i++;
      return;
    }
    const elementPath = this.fields ? `${path}{}` : '';
    for (;;) {
      this.value(elementPath, depth);
      this.skipSpace();
      const c = this.text.charCodeAt(this.i);
      this.i++;
      if (c === 93) return;
      if (c !== 44) throw new JsonProblem("expected ',' or ']' in an array", this.i - 1);
    }
  }

  /** A scalar's text while flattening (undefined while only checking); moves past it. */
  private scalar(): string | undefined {
    const t = this.text;
    const c = t.charCodeAt(this.i);
    if (c === 34) return this.string(this.fields !== undefined);
    for (const word of WORDS) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return word;
      }
    }
    NUMBER.lastIndex = this.i;
    if (!NUMBER.test(t)) throw new JsonProblem(this.i >= t.length ? 'unexpected end of JSON' : 'expected a JSON value', this.i);
    const start = this.i;
    this.i = NUMBER.lastIndex;
    return this.fields ? t.slice(start, this.i) : undefined;
  }

  /** A string's decoded text (only when `keep`; escapes are checked either way); moves past it. */
  private string(keep: boolean): string | undefined {
    const t = this.text;
    const start = this.i;
    const end = closingQuote(t, start);
    if (end < 0) throw new JsonProblem('unterminated string', start);
    this.i = end + 1;
    if (this.backslash !== -1 && this.backslash <= start) this.backslash = t.indexOf('\\', start + 1);
    if (this.backslash < 0 || this.backslash > end) return keep ? t.slice(start + 1, end) : undefined;
    if (keep) {
      try {
        return JSON.parse(t.slice(start, end + 1)) as string;
      } catch {
        throw new JsonProblem('invalid escape in a string', start);
      }
    }
    if (!validEscapedString(t, start, end)) throw new JsonProblem('invalid escape in a string', start);
    return undefined;
  }
}

/**
 * Whether the quoted text at [start, end] (which holds a backslash) is a string `JSON.parse`
 * accepts: every escape valid and no raw control character (what flattening's JSON.parse checks).
 */
function validEscapedString(t: string, start: number, end: number): boolean {
  for (let k = start + 1; k < end; k++) {
    const c = t.charCodeAt(k);
    if (c < 32) return false;
    if (c !== 92) continue;
    const next = t.charCodeAt(k + 1);
    if (isSimpleEscape(next)) k++;
    else if (next === 117 /* u */ && isHexDigit(t.charCodeAt(k + 2)) && isHexDigit(t.charCodeAt(k + 3)) && isHexDigit(t.charCodeAt(k + 4)) && isHexDigit(t.charCodeAt(k + 5))) k += 5;
    else return false;
  }
  return true;
}

/** Index of the quote closing the string that opens at `start` (-1: none). */
function closingQuote(t: string, start: number): number {
  let end = t.indexOf('"', start + 1);
  while (end >= 0) {
    let backslashes = 0;
    for (let k = end - 1; k > start && t.charCodeAt(k) === 92; k--) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = t.indexOf('"', end + 1);
  }
  return -1;
}

/** The fields of one JSON object; throws JsonProblem (with an offset) on malformed input. */
export function flattenJson(text: string, maxDepth = 1000): FieldMap {
  const fields: FieldMap = new Map();
  new JsonWalker(text, maxDepth, fields, undefined).run();
  return fields;
}

/**
 * Adds the fields of the value at `start` of `text` (JSON already checked by scanJson) under
 * `path`, as flattenJson does for a top-level member `path`.
 */
export function flattenMember(text: string, start: number, path: string, fields: FieldMap, maxDepth = 1000): void {
  new JsonWalker(text, maxDepth, fields, undefined).valueAt(start, path, 1);
}

/** Where a checked JSON object's top-level members are. */
export interface JsonMembers {
  /** Four offsets per member, in order: key start, key end (after its quote), value start, value end. */
  readonly offsets: number[];
  /** Whether any top-level key holds an escape (so keys cannot all be compared in place). */
  readonly escapedKeys: boolean;
  /**
   * Bit n set: two top-level keys are n characters long (as written), for n below
   * MAX_TRACKED_KEY_LENGTH. A key of a length whose bit is clear is the only key of its length.
   */
  readonly repeatedKeyLengths: number;
}

/**
 * Checks that `text` is a JSON object flattenJson accepts, throwing the same JsonProblem where it
 * would, without building fields; returns where its top-level members are. `scratch` (reused by a
 * reader from line to line) spares growing a fresh array for every line.
 */
export function scanJson(text: string, maxDepth = 1000, scratch: number[] = []): JsonMembers {
  scratch.length = 0;
  const walker = new JsonWalker(text, maxDepth, undefined, scratch);
  walker.run();
  return { offsets: scratch.slice(), escapedKeys: walker.escapedKeys, repeatedKeyLengths: walker.repeatedKeyLengths };
}
