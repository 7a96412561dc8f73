// A small compiler for the eval expressions of CIM calculated fields (server/data/cim.json). It is
// NOT the search-time eval (that belongs to the evaluator): it covers exactly what the data models
// use, and rejects anything else at compile time with a CalcError naming the construct, so a data
// model field it cannot compute fails clearly instead of silently reading wrong.
//
// Supported: string/number literals, field names, `null()`, `( )`, `.` (concatenation), `+ -`,
// `= == != < > <= >=`, `LIKE`, `AND OR NOT`, and the functions if, case, isnull, isnotnull,
// isnum, lower, upper, len, trim, match, replace, mvcount, mvjoin, mvzip, split, mvindex.
import type { FieldValue } from './fieldValue';

export type CalcValue = string | number | boolean | null | string[];
export type FieldGetter = (name: string) => FieldValue | undefined;
export type CompiledExpr = (get: FieldGetter) => CalcValue;

export class CalcError extends Error {}

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string };

/** SPL string literal: `\"` and `\\` are escapes; any other backslash stays (regexes keep `\s`). */
function unescapeSpl(body: string): string {
  return body.replace(/\\(["\\])/g, '$1');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new CalcError('unterminated string');
      tokens.push({ kind: 'string', value: unescapeSpl(text.slice(i + 1, j)) });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(?:\.[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'name', value: m[0] });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      if (['==', '!=', '<=', '>='].includes(two)) {
        tokens.push({ kind: 'op', value: two });
        i += 2;
      } else if ('(),.+-=<>'.includes(c)) {
        tokens.push({ kind: 'op', value: c });
        i++;
      } else throw new CalcError(`unsupported character ${JSON.stringify(c)}`);
    }
  }
  return tokens;
}

function isNull(v: CalcValue): boolean {
  return v === null || (Array.isArray(v) && v.length === 0);
}

function first(v: CalcValue): CalcValue {
  return Array.isArray(v) ? (v.length > 0 ? v[0] : null) : v;
}

function asString(v: CalcValue): string | null {
  const f = first(v);
  if (f === null) return null;
  return typeof f === 'boolean' ? (f ? 'true' : 'false') : String(f);
}

function asNumber(v: CalcValue): number | null {
  const f = first(v);
  if (typeof f === 'number') return f;
  if (typeof f === 'string' && f.trim() !== '' && Number.isFinite(Number(f))) return Number(f);
  return null;
}

function truthy(v: CalcValue): boolean {
  return v === true;
}

function compare(op: string, a: CalcValue, b: CalcValue): boolean {
  if (isNull(a) || isNull(b)) return false;
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null) {
    switch (op) {
      case '=': case '==': return na === nb;
      case '!=': return na !== nb;
      case '<': return na < nb;
      case '>': return na > nb;
      case '<=': return na <= nb;
      default: return na >= nb;
    }
  }
  const sa = asString(a)!;
  const sb = asString(b)!;
  switch (op) {
    case '=': case '==': return sa === sb;
    case '!=': return sa !== sb;
    case '<': return sa < sb;
    case '>': return sa > sb;
    case '<=': return sa <= sb;
    default: return sa >= sb;
  }
}

function likePattern(pattern: string): RegExp {
  const source = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${source}$`, 's');
}

/** PCRE as the data models write it, for JavaScript: named groups `(?P<n>` become `(?<n>`. */
function toRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'));
  } catch (error) {
    throw new CalcError(`regular expression ${JSON.stringify(pattern)} is not supported: ${(error as Error).message}`);
  }
}

const FUNCTIONS = new Set(['if', 'case', 'isnull', 'isnotnull', 'isnum', 'lower', 'upper', 'len', 'trim', 'match', 'replace', 'null', 'mvcount', 'mvjoin', 'mvzip', 'split', 'mvindex']);

function mapValues(v: CalcValue, fn: (s: string) => string): CalcValue {
  if (Array.isArray(v)) return v.map(fn);
  const s = asString(v);
  return s === null ? null : fn(s);
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): CompiledExpr {
    const expr = this.or();
    if (this.i < this.tokens.length) throw new CalcError(`unexpected ${JSON.stringify(this.tokens[this.i].value)}`);
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t?.kind === 'name' && t.value.toUpperCase() === word;
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.value === op;
  }

  private expectOp(op: string): void {
    if (!this.isOp(op)) throw new CalcError(`expected ${JSON.stringify(op)}`);
    this.i++;
  }

  private or(): CompiledExpr {
    let left = this.and();
    while (this.isWord('OR')) {
      this.i++;
      const l = left;
      const r = this.and();
      left = (g) => truthy(l(g)) || truthy(r(g));
    }
    return left;
  }

  private and(): CompiledExpr {
    let left = this.not();
    while (this.isWord('AND')) {
      this.i++;
      const l = left;
      const r = this.not();
      left = (g) => truthy(l(g)) && truthy(r(g));
    }
    return left;
  }

  private not(): CompiledExpr {
    if (this.isWord('NOT')) {
      this.i++;
      const inner = this.not();
      return (g) => !truthy(inner(g));
    }
    return this.comparison();
  }

  private comparison(): CompiledExpr {
    const left = this.additive();
    const t = this.peek();
    if (t?.kind === 'op' && ['=', '==', '!=', '<', '>', '<=', '>='].includes(t.value)) {
      this.i++;
      const right = this.additive();
      return (g) => compare(t.value, left(g), right(g));
    }
    if (this.isWord('LIKE')) {
      this.i++;
      const right = this.additive();
      return (g) => {
        const value = asString(left(g));
        const pattern = asString(right(g));
        return value !== null && pattern !== null && likePattern(pattern).test(value);
      };
    }
    return left;
  }

  private additive(): CompiledExpr {
    let left = this.primary();
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'op' || !['+', '-', '.'].includes(t.value)) return left;
      this.i++;
      const l = left;
      const r = this.primary();
      if (t.value === '.') {
        left = (g) => {
          const a = asString(l(g));
          const b = asString(r(g));
          return a === null || b === null ? null : a + b;
        };
      } else {
        const sign = t.value === '+' ? 1 : -1;
        left = (g) => {
          const a = asNumber(l(g));
          const b = asNumber(r(g));
          return a === null || b === null ? null : a + sign * b;
        };
      }
    }
  }

  private primary(): CompiledExpr {
    const t = this.peek();
    if (!t) throw new CalcError('unexpected end of expression');
    this.i++;
    if (t.kind === 'string') return () => t.value;
    if (t.kind === 'number') return () => t.value;
    if (t.kind === 'op') {
      if (t.value === '(') {
        const inner = this.or();
        this.expectOp(')');
        return inner;
      }
      if (t.value === '-') {
        const inner = this.primary();
        return (g) => {
          const n = asNumber(inner(g));
          return n === null ? null : -n;
        };
      }
      throw new CalcError(`unexpected ${JSON.stringify(t.value)}`);
    }
    if (this.isOp('(')) return this.call(t.value);
    const name = t.value;
    return (g) => {
      const v = g(name);
      return v === undefined ? null : v;
    };
  }

  private call(name: string): CompiledExpr {
    const fn = name.toLowerCase();
    if (!FUNCTIONS.has(fn)) throw new CalcError(`function ${name}() is not supported`);
    this.expectOp('(');
    const args: CompiledExpr[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        args.push(this.or());
        if (this.isOp(')')) break;
        this.expectOp(',');
      }
    }
    this.expectOp(')');
    return buildCall(fn, args);
  }
}

function arity(fn: string, args: CompiledExpr[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw new CalcError(`${fn}() takes ${min === max ? min : `${min}-${max}`} arguments, got ${args.length}`);
}

function constantString(fn: string, expr: CompiledExpr): string {
  const value = expr(() => undefined);
  if (typeof value !== 'string') throw new CalcError(`${fn}() needs a literal regular expression`);
  return value;
}

function buildCall(fn: string, args: CompiledExpr[]): CompiledExpr {
  switch (fn) {
    case 'if': {
      arity(fn, args, 3);
      const [c, a, b] = args;
      return (g) => (truthy(c(g)) ? a(g) : b(g));
    }
    case 'case': {
      if (args.length % 2 !== 0) throw new CalcError('case() takes condition/value pairs');
      return (g) => {
        for (let k = 0; k < args.length; k += 2) if (truthy(args[k](g))) return args[k + 1](g);
        return null;
      };
    }
    case 'null':
      arity(fn, args, 0);
      return () => null;
    case 'isnull':
      arity(fn, args, 1);
      return (g) => isNull(args[0](g));
    case 'isnotnull':
      arity(fn, args, 1);
      return (g) => !isNull(args[0](g));
    case 'isnum':
      arity(fn, args, 1);
      return (g) => asNumber(args[0](g)) !== null;
    case 'lower':
      arity(fn, args, 1);
      return (g) => mapValues(args[0](g), (s) => s.toLowerCase());
    case 'upper':
      arity(fn, args, 1);
      return (g) => mapValues(args[0](g), (s) => s.toUpperCase());
    case 'trim': {
      arity(fn, args, 1, 2);
      const chars = args[1] ? constantString(fn, args[1]) : ' \t';
      const set = new Set(chars);
      const trim = (s: string): string => {
        let a = 0;
        let b = s.length;
        while (a < b && set.has(s[a])) a++;
        while (b > a && set.has(s[b - 1])) b--;
        return s.slice(a, b);
      };
      return (g) => mapValues(args[0](g), trim);
    }
    case 'len':
      arity(fn, args, 1);
      return (g) => {
        const s = asString(args[0](g));
        return s === null ? null : s.length;
      };
    case 'match': {
      arity(fn, args, 2);
      const re = toRegExp(constantString(fn, args[1]));
      return (g) => {
        const s = asString(args[0](g));
        return s !== null && re.test(s);
      };
    }
    case 'replace': {
      arity(fn, args, 3);
      const re = new RegExp(toRegExp(constantString(fn, args[1])).source, 'g');
      const replacement = constantString(fn, args[2]).replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
      return (g) => mapValues(args[0](g), (s) => s.replace(re, replacement));
    }
    case 'mvcount':
      arity(fn, args, 1);
      return (g) => {
        const v = args[0](g);
        return isNull(v) ? null : Array.isArray(v) ? v.length : 1;
      };
    case 'mvjoin':
      arity(fn, args, 2);
      return (g) => {
        const v = args[0](g);
        const sep = asString(args[1](g)) ?? '';
        if (isNull(v)) return null;
        return Array.isArray(v) ? v.join(sep) : asString(v);
      };
    case 'mvzip':
      arity(fn, args, 2, 3);
      return (g) => {
        const a = args[0](g);
        const b = args[1](g);
        if (isNull(a) || isNull(b)) return null;
        const sep = args[2] ? asString(args[2](g)) ?? ',' : ',';
        const la = Array.isArray(a) ? a : [asString(a)!];
        const lb = Array.isArray(b) ? b : [asString(b)!];
        const n = Math.min(la.length, lb.length);
        const out: string[] = [];
        for (let k = 0; k < n; k++) out.push(la[k] + sep + lb[k]);
        return out.length === 1 ? out[0] : out;
      };
    case 'split':
      arity(fn, args, 2);
      return (g) => {
        const s = asString(args[0](g));
        const sep = asString(args[1](g));
        if (s === null || sep === null) return null;
        const parts = sep === '' ? [...s] : s.split(sep);
        return parts.length === 1 ? parts[0] : parts;
      };
    case 'mvindex':
      arity(fn, args, 2);
      return (g) => {
        const v = args[0](g);
        const k = asNumber(args[1](g));
        if (isNull(v) || k === null) return null;
        const list = Array.isArray(v) ? v : [asString(v)!];
        const idx = k < 0 ? list.length + k : k;
        return idx >= 0 && idx < list.length ? list[idx] : null;
      };
    default:
      throw new CalcError(`function ${fn}() is not supported`);
  }
}

/** Compiles a data model eval expression; throws CalcError for anything outside the subset. */
export function compileCalcExpr(expression: string): CompiledExpr {
  if (expression.trim() === '') throw new CalcError('empty expression');
  return new Parser(tokenize(expression)).parse();
}

/** Compiles a data model `Rex` calculation: the regex's named groups name the fields it sets. */
export function compileRex(pattern: string): { fields: string[]; extract: (input: string) => Map<string, string> } {
  const re = toRegExp(pattern);
  const fields = [...pattern.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]);
  if (fields.length === 0) throw new CalcError('a Rex calculation needs a named group');
  return {
    fields,
    extract: (input) => {
      const out = new Map<string, string>();
      const m = re.exec(input);
      if (m?.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) out.set(k, v);
      return out;
    },
  };
}

/** A calculation result as a field value: null/false-like results mean "no value". */
export function toFieldValue(v: CalcValue): FieldValue | undefined {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.length === 1 ? v[0] : v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}
