// Text and conversion eval functions (Search Reference, "Text functions", "Conversion functions").
// Functions that transform a string apply to each value of a multivalue field; the others read the
// first value (docs/semantics.md).
import { createHash } from 'node:crypto';
import { regexReplace } from '../regex';
import { asNumber, firstScalar, isNull, mv, scalarText, type Scalar, type Value } from '../values';
import { regexArgument } from './regexArg';
import { eager, type EvalFunction } from './types';

function text(value: Value): string | null {
  const first = firstScalar(value);
  return first === null ? null : scalarText(first);
}

/** Applies `fn` to each value (a multivalue result for a multivalue input). */
function eachValue(value: Value, fn: (s: string) => Scalar | null): Value {
  if (isNull(value)) return null;
  if (!Array.isArray(value)) return fn(scalarText(value));
  return mv(value.map((v) => fn(scalarText(v))).filter((v): v is Scalar => v !== null));
}

function trimmer(name: string, mode: 'both' | 'left' | 'right'): EvalFunction {
  return eager(name, 1, 2, ([value, chars]) => {
    const set = chars === undefined || isNull(chars) ? ' \t\n\r\f\v' : (text(chars) ?? '');
    return eachValue(value, (s) => {
      let start = 0;
      let end = s.length;
      if (mode !== 'right') while (start < end && set.includes(s[start])) start++;
      if (mode !== 'left') while (end > start && set.includes(s[end - 1])) end--;
      return s.slice(start, end);
    });
  });
}

const replaceFunction: EvalFunction = {
  name: 'replace',
  minArgs: 3,
  maxArgs: 3,
  build(args, _call, fc) {
    const subject = fc.compile(args[0]);
    const regex = regexArgument(args[1], fc);
    const replacement = fc.compile(args[2]);
    return (row) => {
      const value = subject(row);
      const re = regex(row);
      const by = text(replacement(row));
      if (isNull(value) || !re || by === null) return null;
      return eachValue(value, (s) => regexReplace(re, s, by));
    };
  },
};

function urldecode(s: string): string {
  return s.replace(/\+/g, ' ').replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function commas(n: number): string {
  const [whole, fraction] = (Math.round(n * 100) / 100).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

function duration(seconds: number): string {
  const total = Math.trunc(seconds);
  const days = Math.floor(total / 86400);
  const rest = total % 86400;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return days > 0 ? `${days}+${hms}` : hms;
}

/** printf's subset: %s %d %i %f %e %x %X %o %c %% with flags `-+ 0#`, width and precision. */
export function printf(format: string, args: Value[]): string {
  let next = 0;
  return format.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifeExXoc%])/g, (_whole, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const value = args[next++];
    const scalar = value === undefined ? null : firstScalar(value);
    let out: string;
    const n = asNumber(scalar) ?? 0;
    switch (conv) {
      case 's':
        out = scalar === null ? '' : scalarText(scalar);
        if (precision !== undefined) out = out.slice(0, Number(precision));
        break;
      case 'd':
      case 'i':
        out = String(Math.trunc(n));
        break;
      case 'f':
        out = n.toFixed(precision === undefined ? 6 : Number(precision));
        break;
      case 'e':
      case 'E':
        out = n.toExponential(precision === undefined ? 6 : Number(precision)).replace(/e([+-])(\d)$/, 'e$10$2');
        if (conv === 'E') out = out.toUpperCase();
        break;
      case 'x':
      case 'X':
        out = Math.trunc(n).toString(16);
        if (flags.includes('#')) out = '0x' + out;
        if (conv === 'X') out = out.toUpperCase();
        break;
      case 'o':
        out = Math.trunc(n).toString(8);
        break;
      default:
        out = String.fromCharCode(Math.trunc(n));
    }
    if (flags.includes('+') && /[dieEf]/.test(conv) && n >= 0) out = '+' + out;
    const w = width === undefined ? 0 : Number(width);
    if (out.length < w) {
      if (flags.includes('-')) out = out.padEnd(w);
      else if (flags.includes('0') && conv !== 's') out = (out.startsWith('-') ? '-' + out.slice(1).padStart(w - 1, '0') : out.padStart(w, '0'));
      else out = out.padStart(w);
    }
    return out;
  });
}

function hash(algorithm: string): (values: Value[]) => Value {
  return ([value]) => {
    const s = text(value);
    return s === null ? null : createHash(algorithm).update(s, 'utf8').digest('hex');
  };
}

export const textFunctions: EvalFunction[] = [
  eager('len', 1, 1, ([v]) => {
    const s = text(v);
    return s === null ? null : [...s].length;
  }),
  eager('lower', 1, 1, ([v]) => eachValue(v, (s) => s.toLowerCase())),
  trimmer('ltrim', 'left'),
  eager('md5', 1, 1, hash('md5')),
  eager('printf', 1, Infinity, ([format, ...args]) => {
    const f = text(format);
    return f === null ? null : printf(f, args);
  }),
  replaceFunction,
  trimmer('rtrim', 'right'),
  eager('sha1', 1, 1, hash('sha1')),
  eager('sha256', 1, 1, hash('sha256')),
  eager('sha512', 1, 1, hash('sha512')),
  eager('split', 2, 2, ([v, delimiter]) => {
    const s = text(v);
    const d = text(delimiter);
    if (s === null || d === null) return null;
    return d === '' ? [...s] : s.split(d);
  }),
  eager('substr', 2, 3, ([v, start, length]) => {
    const s = text(v);
    const from = asNumber(firstScalar(start));
    if (s === null || from === undefined) return null;
    const chars = [...s];
    // 1-based; a negative start counts from the end (Search Reference, substr).
    let begin = from > 0 ? from - 1 : from < 0 ? chars.length + from : 0;
    begin = Math.max(0, Math.min(begin, chars.length));
    const count = length === undefined ? chars.length - begin : asNumber(firstScalar(length));
    if (count === undefined) return null;
    return chars.slice(begin, begin + Math.max(0, count)).join('');
  }),
  eager('tonumber', 1, 2, ([v, base]) => {
    const s = text(v);
    if (s === null) return null;
    const radix = base === undefined ? 10 : asNumber(firstScalar(base));
    if (radix === undefined || radix < 2 || radix > 36) return null;
    if (radix === 10) return asNumber(s) ?? null;
    const trimmed = s.trim().replace(/^0x/i, radix === 16 ? '' : '0x');
    if (!new RegExp(`^[-+]?[0-9a-z]+$`, 'i').test(trimmed)) return null;
    const n = parseInt(trimmed, radix);
    return Number.isNaN(n) ? null : n;
  }),
  eager('tostring', 1, 2, ([v, format]) => {
    const first = firstScalar(v);
    if (first === null) return null;
    const f = format === undefined ? undefined : text(format);
    if (typeof first === 'boolean') return first ? 'True' : 'False';
    const n = asNumber(first);
    if (f === undefined || f === null || n === undefined) return scalarText(first);
    if (f === 'hex') return '0x' + Math.trunc(n).toString(16).toUpperCase();
    if (f === 'commas') return commas(n);
    if (f === 'duration') return duration(n);
    return scalarText(first);
  }),
  trimmer('trim', 'both'),
  eager('upper', 1, 1, ([v]) => eachValue(v, (s) => s.toUpperCase())),
  eager('urldecode', 1, 1, ([v]) => eachValue(v, urldecode)),
];
