// JSON to Splunk fields, named as `spath` (and KV_MODE=json) names them: nested object keys joined
// by `.`, an array adds `{}` to its key, and the values of every element under the same name make a
// multivalue field (`tags{}`, `actor{}.name`). Scalars keep their JSON text: numbers exactly as
// written (no float rounding of long ids), `true`/`false`/`null` as those words, strings decoded.
// Empty objects and arrays give no field. A hand-written parser, so that number text survives and
// the nesting limit turns a pathological line into a reported problem instead of a stack overflow.
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

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class JsonFlattener {
  private i = 0;
  readonly fields: FieldMap = new Map();

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  run(): FieldMap {
    this.skipSpace();
    if (this.text.charCodeAt(this.i) !== 123 /* { */) throw new JsonProblem('a JSON event must be an object', this.i);
    this.value('', 0);
    this.skipSpace();
    if (this.i < this.text.length) throw new JsonProblem('text after the JSON object', this.i);
    return this.fields;
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
    addFieldValue(this.fields, path, this.scalar());
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
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.i) !== 34) throw new JsonProblem('expected a quoted key', this.i);
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.i) !== 58) throw new JsonProblem("expected ':' after a key", this.i);
      this.i++;
      this.value(path === '' ? key : `${path}.${key}`, depth);
      this.skipSpace();
      const c = this.text.charCodeAt(this.i);
      this.i++;
      if (c === 125) return;
      if (c !== 44) throw new JsonProblem("expected ',' or '}' in an object", this.i - 1);
    }
  }

  private array(path: string, depth: number): void {
    this.checkDepth(depth);
    this.i++;
    this.skipSpace();
    if (this.text.charCodeAt(this.i) === 93) {
      this.i++;
      return;
    }
    const elementPath = `${path}{}`;
    for (;;) {
      this.value(elementPath, depth);
      this.skipSpace();
      const c = this.text.charCodeAt(this.i);
      this.i++;
      if (c === 93) return;
      if (c !== 44) throw new JsonProblem("expected ',' or ']' in an array", this.i - 1);
    }
  }

  private scalar(): string {
    const t = this.text;
    const c = t.charCodeAt(this.i);
    if (c === 34) return this.string();
    for (const word of ['true', 'false', 'null']) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return word;
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(t);
    if (!m) throw new JsonProblem(this.i >= t.length ? 'unexpected end of JSON' : 'expected a JSON value', this.i);
    this.i += m[0].length;
    return m[0];
  }

  private string(): string {
    const t = this.text;
    const start = this.i;
    let end = t.indexOf('"', start + 1);
    while (end >= 0) {
      let backslashes = 0;
      for (let k = end - 1; k > start && t.charCodeAt(k) === 92; k--) backslashes++;
      if (backslashes % 2 === 0) break;
      end = t.indexOf('"', end + 1);
    }
    if (end < 0) throw new JsonProblem('unterminated string', start);
    this.i = end + 1;
    const body = t.slice(start + 1, end);
    if (body.indexOf('\\') < 0) return body;
    try {
      return JSON.parse(t.slice(start, end + 1)) as string;
    } catch {
      throw new JsonProblem('invalid escape in a string', start);
    }
  }
}

/** The fields of one JSON object; throws JsonProblem (with an offset) on malformed input. */
export function flattenJson(text: string, maxDepth = 1000): FieldMap {
  return new JsonFlattener(text, maxDepth).run();
}
