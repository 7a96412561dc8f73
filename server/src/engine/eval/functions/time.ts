// Date and time eval functions (Search Reference, "Date and Time functions"), in UTC.
import { relativeTime, strftime, strptime } from '../timeFormat';
import { asNumber, firstScalar, scalarText } from '../values';
import { eager, type EvalFunction } from './types';

export const timeFunctions: EvalFunction[] = [
  eager('now', 0, 0, (_values, fc) => fc.ctx.now),
  eager('relative_time', 2, 2, ([time, spec]) => {
    const t = asNumber(firstScalar(time));
    const s = firstScalar(spec);
    if (t === undefined || s === null) return null;
    return relativeTime(t, scalarText(s)) ?? null;
  }),
  eager('strftime', 2, 2, ([time, format]) => {
    const t = asNumber(firstScalar(time));
    const f = firstScalar(format);
    if (t === undefined || f === null) return null;
    return strftime(t, scalarText(f));
  }),
  eager('strptime', 2, 2, ([text, format]) => {
    const s = firstScalar(text);
    const f = firstScalar(format);
    if (s === null || f === null) return null;
    return strptime(scalarText(s), scalarText(f)) ?? null;
  }),
  eager('time', 0, 0, (_values, fc) => fc.ctx.now),
];
