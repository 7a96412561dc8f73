// strftime / strptime / relative_time, in UTC (a local run has no user time zone; Splunk uses the
// user's). The supported directives are listed in docs/semantics.md ("Time formats"); any other
// directive is printed as written by strftime and makes strptime fail (null).

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function strftime(epochSeconds: number, format: string): string {
  const date = new Date(Math.floor(epochSeconds * 1000));
  const fraction = epochSeconds - Math.floor(epochSeconds);
  return format.replace(/%(\d?)([a-zA-Z%])/g, (whole, digits: string, d: string) => {
    switch (d) {
      case 'Y': return String(date.getUTCFullYear());
      case 'y': return pad(date.getUTCFullYear() % 100);
      case 'm': return pad(date.getUTCMonth() + 1);
      case 'd': return pad(date.getUTCDate());
      case 'e': return String(date.getUTCDate()).padStart(2, ' ');
      case 'H': return pad(date.getUTCHours());
      case 'k': return String(date.getUTCHours()).padStart(2, ' ');
      case 'I': return pad(date.getUTCHours() % 12 || 12);
      case 'M': return pad(date.getUTCMinutes());
      case 'S': return pad(date.getUTCSeconds());
      case 'p': return date.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'j': return pad(Math.floor((Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86400000) + 1, 3);
      case 'a': return DAYS[date.getUTCDay()].slice(0, 3);
      case 'A': return DAYS[date.getUTCDay()];
      case 'w': return String(date.getUTCDay());
      case 'b': case 'h': return MONTHS[date.getUTCMonth()].slice(0, 3);
      case 'B': return MONTHS[date.getUTCMonth()];
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case 's': return String(Math.floor(epochSeconds));
      case 'T': return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
      case 'F': return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
      case 'D': return `${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${pad(date.getUTCFullYear() % 100)}`;
      case 'N': {
        const width = digits ? Number(digits) : 9;
        return String(Math.floor(fraction * 10 ** width)).padStart(width, '0');
      }
      case 'Q': return pad(Math.floor(fraction * 1000), 3);
      case 'f': return pad(Math.floor(fraction * 1e6), 6);
      case '%': return '%';
      default: return whole;
    }
  });
}

/** Parses `text` with `format` (UTC unless %z/%Z give an offset); undefined when it does not fit. */
export function strptime(text: string, format: string): number | undefined {
  let pos = 0;
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, fraction = 0, offsetMinutes = 0;
  let pm: boolean | undefined;
  let epoch: number | undefined;
  const number = (maxDigits: number): number | undefined => {
    const m = /^[+-]?\d+/.exec(text.slice(pos, pos + maxDigits));
    if (!m) return undefined;
    pos += m[0].length;
    return Number(m[0]);
  };
  const name = (names: string[]): number | undefined => {
    const rest = text.slice(pos).toLowerCase();
    for (let i = 0; i < names.length; i++) {
      for (const candidate of [names[i].toLowerCase(), names[i].slice(0, 3).toLowerCase()]) {
        if (rest.startsWith(candidate)) {
          pos += candidate.length;
          return i;
        }
      }
    }
    return undefined;
  };
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      if (/\s/.test(ch)) {
        while (pos < text.length && /\s/.test(text[pos])) pos++;
        continue;
      }
      if (text[pos] !== ch) return undefined;
      pos++;
      continue;
    }
    let digits = '';
    while (/\d/.test(format[i + 1] ?? '')) digits += format[++i];
    const d = format[++i];
    let v: number | undefined;
    switch (d) {
      case 'Y': v = number(4); if (v === undefined) return undefined; year = v; break;
      case 'y': v = number(2); if (v === undefined) return undefined; year = v < 69 ? 2000 + v : 1900 + v; break;
      case 'm': v = number(2); if (v === undefined) return undefined; month = v; break;
      case 'd': case 'e': while (text[pos] === ' ') pos++; v = number(2); if (v === undefined) return undefined; day = v; break;
      case 'H': case 'k': case 'I': while (text[pos] === ' ') pos++; v = number(2); if (v === undefined) return undefined; hour = v; break;
      case 'M': v = number(2); if (v === undefined) return undefined; minute = v; break;
      case 'S': v = number(2); if (v === undefined) return undefined; second = v; break;
      case 'p': {
        const rest = text.slice(pos, pos + 2).toUpperCase();
        if (rest !== 'AM' && rest !== 'PM') return undefined;
        pm = rest === 'PM';
        pos += 2;
        break;
      }
      case 'b': case 'B': case 'h': v = name(MONTHS); if (v === undefined) return undefined; month = v + 1; break;
      case 'a': case 'A': if (name(DAYS) === undefined) return undefined; break;
      case 's': v = number(12); if (v === undefined) return undefined; epoch = v; break;
      case 'N': case 'Q': case 'f': {
        const m = /^\d+/.exec(text.slice(pos, pos + (digits ? Number(digits) : 9)));
        if (!m) return undefined;
        pos += m[0].length;
        fraction = Number(`0.${m[0]}`);
        break;
      }
      case 'z': case 'Z': {
        const m = /^(?:Z|UTC|GMT|([+-])(\d{2}):?(\d{2}))/i.exec(text.slice(pos));
        if (!m) return undefined;
        pos += m[0].length;
        if (m[1]) offsetMinutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
        break;
      }
      case 'T': {
        const t = strptime(text.slice(pos), '%H:%M:%S');
        const m = /^\d{1,2}:\d{2}:\d{2}/.exec(text.slice(pos));
        if (t === undefined || !m) return undefined;
        [hour, minute, second] = m[0].split(':').map(Number);
        pos += m[0].length;
        break;
      }
      case 'F': {
        const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.slice(pos));
        if (!m) return undefined;
        [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
        pos += m[0].length;
        break;
      }
      case '%': if (text[pos] !== '%') return undefined; pos++; break;
      default: return undefined;
    }
  }
  if (epoch !== undefined) return epoch + fraction;
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + fraction - offsetMinutes * 60;
}

const UNITS: Array<[RegExp, string]> = [
  [/^(?:s|sec|secs|second|seconds)$/i, 's'],
  [/^(?:m|min|mins|minute|minutes)$/i, 'm'],
  [/^(?:h|hr|hrs|hour|hours)$/i, 'h'],
  [/^(?:d|day|days)$/i, 'd'],
  [/^(?:w|week|weeks)$/i, 'w'],
  [/^(?:mon|month|months)$/i, 'mon'],
  [/^(?:q|qtr|qtrs|quarter|quarters)$/i, 'q'],
  [/^(?:y|yr|yrs|year|years)$/i, 'y'],
];

function unitOf(text: string): string | undefined {
  return UNITS.find(([re]) => re.test(text))?.[1];
}

function add(date: Date, amount: number, unit: string): void {
  switch (unit) {
    case 's': date.setUTCSeconds(date.getUTCSeconds() + amount); break;
    case 'm': date.setUTCMinutes(date.getUTCMinutes() + amount); break;
    case 'h': date.setUTCHours(date.getUTCHours() + amount); break;
    case 'd': date.setUTCDate(date.getUTCDate() + amount); break;
    case 'w': date.setUTCDate(date.getUTCDate() + 7 * amount); break;
    case 'mon': date.setUTCMonth(date.getUTCMonth() + amount); break;
    case 'q': date.setUTCMonth(date.getUTCMonth() + 3 * amount); break;
    case 'y': date.setUTCFullYear(date.getUTCFullYear() + amount); break;
  }
}

function snap(date: Date, unit: string, weekday: number | undefined): void {
  const fields: Record<string, number> = { s: 1, m: 2, h: 3, d: 4, w: 4, mon: 5, q: 5, y: 6 };
  const level = fields[unit];
  if (level >= 1) date.setUTCMilliseconds(0);
  if (level >= 2) date.setUTCSeconds(0);
  if (level >= 3) date.setUTCMinutes(0);
  if (level >= 4) date.setUTCHours(0);
  if (unit === 'w') {
    const target = weekday ?? 0;
    date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() - target + 7) % 7));
  }
  if (level >= 5) date.setUTCDate(1);
  if (unit === 'q') date.setUTCMonth(Math.floor(date.getUTCMonth() / 3) * 3);
  if (level >= 6) date.setUTCMonth(0);
}

/** Splunk's relative time modifiers: `-24h`, `-1d@d`, `@w1`, `+1mon@mon-1d`, `now`; undefined when malformed. */
export function relativeTime(epochSeconds: number, spec: string): number | undefined {
  const text = spec.trim();
  if (text === '' || text.toLowerCase() === 'now') return epochSeconds;
  const date = new Date(epochSeconds * 1000);
  const pattern = /([+-])(\d*)([a-zA-Z]+)|@([a-zA-Z]+?)(\d?)(?=$|[+-])/gy;
  let consumed = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    consumed = pattern.lastIndex;
    if (m[1]) {
      const unit = unitOf(m[3]);
      if (!unit) return undefined;
      add(date, (m[1] === '-' ? -1 : 1) * (m[2] === '' ? 1 : Number(m[2])), unit);
    } else {
      const unit = unitOf(m[4]);
      if (!unit) return undefined;
      snap(date, unit, m[5] === '' ? undefined : Number(m[5]));
    }
  }
  if (consumed !== text.length) return undefined;
  return date.getTime() / 1000;
}
