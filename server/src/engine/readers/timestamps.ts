// Timestamp parsing for `_time`. Every result is epoch seconds with fractions kept (Splunk keeps
// sub-second precision in `_time`); a zone-less timestamp is read as UTC (our choice: logs carry no
// zone and Splunk's TZ setting is not modelled). Returns undefined when the text is no timestamp.

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T \t](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s*([AP]M))?$/i;
const CLF = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s*([+-]\d{4}))?$/;
const SLASH_YMD = /^(\d{4})\/(\d{2})\/(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

function utc(year: number, month: number, day: number, h: number, m: number, s: number, fraction: string | number | undefined): number {
  const ms = Date.UTC(year, month, day, h, m, s);
  if (Number.isNaN(ms) || month > 11 || day > 31 || h > 24 || m > 59 || s > 60) return NaN;
  const part = typeof fraction === 'number' ? fraction : fraction ? Number(`0.${fraction}`) : 0;
  return ms / 1000 + part;
}

function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * `YYYY-MM-DDThh:mm:ss[.f+]Z`, what Windows XML and most JSON logs write, read without the ISO
 * pattern; undefined for any other shape (the pattern then decides). The fraction is the same
 * correctly rounded double as `Number('0.f')`: up to 15 digits are an exact integer divided by an
 * exact power of ten.
 */
function fastIso(text: string): number | undefined {
  const n = text.length;
  if (n < 20 || text.charCodeAt(n - 1) !== 90 /* Z */ || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let fraction = 0;
  if (n > 20) {
    const digits = n - 21;
    if (text.charCodeAt(19) !== 46 /* . */ || digits < 1 || digits > 15) return undefined;
    const value = digitsAt(text, 20, digits);
    if (value < 0) return undefined;
    fraction = value / 10 ** digits;
  }
  const t = utc(year, month - 1, day, hour, minute, second, fraction);
  return Number.isNaN(t) ? undefined : t;
}

function zoneOffsetSeconds(zone: string | undefined): number {
  if (!zone || /^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const digits = zone.replace(':', '');
  const sign = digits[0] === '-' ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5)) * 60);
}

/** Epoch seconds from a number: milliseconds and microseconds are recognised by magnitude. */
export function parseEpoch(text: string): number | undefined {
  if (!/^\d{9,19}(\.\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  if (n >= 1e17) return n / 1e9;
  if (n >= 1e14) return n / 1e6;
  if (n >= 1e11) return n / 1e3;
  return n;
}

/**
 * Reads ISO 8601 (`T` or space, any fraction digits, `Z`/offset/none), epoch seconds or
 * milliseconds, `MM/DD/YYYY hh:mm:ss [AM|PM]`, `YYYY/MM/DD hh:mm:ss` and the access-log form
 * `DD/Mon/YYYY:hh:mm:ss +zzzz`.
 */
export function parseTimestamp(input: string): number | undefined {
  const text = input.trim();
  if (text.length < 8 || text.length > 64) return undefined;
  const fast = fastIso(text);
  if (fast !== undefined) return fast;
  let m = ISO.exec(text);
  if (m) {
    const t = utc(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7]);
    return Number.isNaN(t) ? undefined : t - zoneOffsetSeconds(m[8]);
  }
  const epoch = parseEpoch(text);
  if (epoch !== undefined) return epoch;
  m = US_DATE.exec(text);
  if (m) {
    let hour = +m[4];
    const half = m[8]?.toUpperCase();
    if (half === 'PM' && hour < 12) hour += 12;
    if (half === 'AM' && hour === 12) hour = 0;
    const t = utc(+m[3], +m[1] - 1, +m[2], hour, +m[5], +m[6], m[7]);
    return Number.isNaN(t) ? undefined : t;
  }
  m = CLF.exec(text);
  if (m) {
    const month = MONTHS[m[2].toLowerCase()];
    if (month === undefined) return undefined;
    const t = utc(+m[3], month, +m[1], +m[4], +m[5], +m[6], m[7]);
    return Number.isNaN(t) ? undefined : t - zoneOffsetSeconds(m[8]);
  }
  m = SLASH_YMD.exec(text);
  if (m) {
    const t = utc(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7]);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

const LEADING_FORMS: RegExp[] = [
  /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/,
  /^\[?(\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?: [AP]M)?)/i,
  /^\[(\d{1,2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?)\]/,
  /^\S+\|(\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2}(?:\.\d+)?)\|/,
];
const AUDIT = /\baudit\((\d{9,11}(?:\.\d+)?):\d+\)/;
const EMBEDDED_ISO = /(?:^|[^\d])(\d{4}-\d{2}-\d{2}[T \t]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/;
const EMBEDDED_CLF = /(\d{1,2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?)/;

/**
 * `_time` of a plain-text line: a timestamp at the start (ISO, US date, `[access-log]`,
 * `PREFIX|date|`), else Linux audit's `audit(epoch:serial)`, else the first ISO date-time, else the
 * first access-log date (`22/Feb/2024:13:00:00 -0500`) in the line's first 512 characters. Splunk guesses far more formats; these cover the corpus' plain-text example logs.
 */
export function findTextTimestamp(line: string): number | undefined {
  for (const form of LEADING_FORMS) {
    const m = form.exec(line);
    if (m) {
      const t = parseTimestamp(m[1]);
      if (t !== undefined) return t;
    }
  }
  const audit = AUDIT.exec(line);
  if (audit) return Number(audit[1]);
  const head = line.slice(0, 512);
  const iso = EMBEDDED_ISO.exec(head);
  const isoTime = iso ? parseTimestamp(iso[1]) : undefined;
  if (isoTime !== undefined) return isoTime;
  const clf = EMBEDDED_CLF.exec(head);
  return clf ? parseTimestamp(clf[1]) : undefined;
}
