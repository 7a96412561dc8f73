/**
 * Checks a detection's YAML tree against the model (model.ts): every key known, every required key
 * present, every value of the right type, enum values, formats and ranges. Pure: the rules SPL152
 * (keys and types) and SPL153 (values) turn these issues into findings.
 */
import { closestName } from '../lint/closestName';
import type { Span } from '../text/span';
import type { YamlEntry, YamlScalar, YamlValue } from '../workspace/yamlTree';
import { ATTACK_ID, CVE_ID } from './enums';
import { keysIn, LAYOUT_NAMES, type KeySpec, type Layout, type Shape, type StringFormat } from './model';

export type KeyPath = readonly (string | number)[];

export type ShapeIssue =
  | { kind: 'unknown-key'; span: Span; path: KeyPath; key: string; suggestion?: string; otherLayout?: Layout }
  | { kind: 'missing-key'; span: Span; path: KeyPath; key: string; doc: string }
  | { kind: 'wrong-type'; span: Span; path: KeyPath; expected: Shape; found: string }
  | { kind: 'empty'; span: Span; path: KeyPath }
  | { kind: 'enum'; span: Span; path: KeyPath; value: string; values: readonly string[]; suggestion?: string; scalar: YamlScalar }
  | { kind: 'format'; span: Span; path: KeyPath; value: string; format: StringFormat; reason: string }
  | { kind: 'range'; span: Span; path: KeyPath; value: number; min?: number; max?: number }
  | { kind: 'length'; span: Span; path: KeyPath; length: number; min?: number; max?: number }
  | { kind: 'items'; span: Span; path: KeyPath; count: number; min: number }
  | { kind: 'placeholder'; span: Span; path: KeyPath; value: string };

export interface ValidateOptions {
  layout: Layout;
  /** Today as `YYYY-MM-DD` (UTC, as contentctl compares): a later `date` is in the future. */
  today: string;
  /** Where a missing top-level key is reported (the first line of the file). */
  rootSpan: Span;
}

/** Every issue of the document, in file order. */
export function validateDetection(root: YamlValue, keys: readonly KeySpec[], options: ValidateOptions): ShapeIssue[] {
  const issues: ShapeIssue[] = [];
  checkMapping(root, keys, [], options.rootSpan, options, issues);
  return issues.sort((a, b) => a.span.start - b.span.start);
}

/** How a YAML value is called in messages. */
export function describeValue(value: YamlValue): string {
  if (value.kind === 'mapping') return 'a mapping';
  if (value.kind === 'sequence') return 'a list';
  if (value.value === null) return 'empty';
  if (typeof value.value === 'number') return Number.isInteger(value.value) ? 'a whole number' : 'a number';
  if (typeof value.value === 'boolean') return `the boolean \`${value.text}\``;
  return 'a string';
}

function checkMapping(value: YamlValue, keys: readonly KeySpec[], path: KeyPath, missingAt: Span, options: ValidateOptions, issues: ShapeIssue[]): void {
  if (value.kind !== 'mapping') return;
  const known = keysIn(keys, options.layout);
  const seen = new Set<string>();
  for (const entry of value.entries) {
    seen.add(entry.key);
    const spec = known.find((s) => s.key === entry.key);
    if (!spec) {
      issues.push(unknownKey(entry, path, keys, known, options.layout));
      continue;
    }
    checkEntry(entry, spec, [...path, entry.key], options, issues);
  }
  for (const spec of known) {
    if (spec.required && !seen.has(spec.key)) issues.push({ kind: 'missing-key', span: missingAt, path, key: spec.key, doc: spec.doc });
  }
}

function unknownKey(entry: YamlEntry, path: KeyPath, all: readonly KeySpec[], known: readonly KeySpec[], layout: Layout): ShapeIssue {
  const other = all.find((s) => s.key === entry.key && s.layout !== undefined && s.layout !== layout);
  if (other?.layout) return { kind: 'unknown-key', span: entry.keySpan, path, key: entry.key, otherLayout: other.layout };
  const names = known.map((s) => s.key);
  const suggestion = closestName(entry.key, names) ?? names.find((n) => n.toLowerCase() === entry.key.toLowerCase());
  return { kind: 'unknown-key', span: entry.keySpan, path, key: entry.key, ...(suggestion ? { suggestion } : {}) };
}

function checkEntry(entry: YamlEntry, spec: KeySpec, path: KeyPath, options: ValidateOptions, issues: ShapeIssue[]): void {
  const value = entry.value;
  const blank = value?.kind === 'scalar' && (value.value === null || (typeof value.value === 'string' && value.value.trim() === ''));
  if (!value || blank) {
    if (spec.required) issues.push({ kind: 'empty', span: entry.keySpan, path });
    return;
  }
  // A missing key inside this value is reported at this key: the reader sees where to add it.
  checkValue(value, spec.shape, path, entry.keySpan, options, issues);
}

function checkValue(value: YamlValue, shape: Shape, path: KeyPath, keySpan: Span, options: ValidateOptions, issues: ShapeIssue[]): void {
  const wrongType = () => issues.push({ kind: 'wrong-type', span: value.span, path, expected: shape, found: describeValue(value) });
  switch (shape.kind) {
    case 'any':
      return;
    case 'mapping':
      if (value.kind !== 'mapping') return void wrongType();
      return checkMapping(value, shape.keys, path, keySpan, options, issues);
    case 'list': {
      if (value.kind !== 'sequence') return void wrongType();
      if (shape.minItems !== undefined && value.items.length < shape.minItems) {
        issues.push({ kind: 'items', span: keySpan, path, count: value.items.length, min: shape.minItems });
      }
      value.items.forEach((item, index) => {
        const itemKey = item.kind === 'mapping' ? (item.entries[0]?.keySpan ?? item.span) : item.span;
        if (item.kind === 'scalar' && item.value === null) issues.push({ kind: 'empty', span: item.span, path: [...path, index] });
        else checkValue(item, shape.item, [...path, index], itemKey, options, issues);
      });
      return;
    }
    case 'integer': {
      const number = integerOf(value);
      if (number === undefined) return void wrongType();
      if ((shape.min !== undefined && number < shape.min) || (shape.max !== undefined && number > shape.max)) {
        issues.push({ kind: 'range', span: value.span, path, value: number, ...(shape.min !== undefined ? { min: shape.min } : {}), ...(shape.max !== undefined ? { max: shape.max } : {}) });
      }
      return;
    }
    case 'boolean':
      if (value.kind !== 'scalar' || typeof value.value !== 'boolean') wrongType();
      return;
    case 'enum': {
      if (value.kind !== 'scalar' || typeof value.value !== 'string') return void wrongType();
      if (shape.values.includes(value.value)) return;
      if (isPlaceholder(value.value)) return void issues.push({ kind: 'placeholder', span: value.span, path, value: value.value });
      const suggestion = closestValue(value.value, shape.values);
      issues.push({ kind: 'enum', span: value.span, path, value: value.value, values: shape.values, scalar: value, ...(suggestion ? { suggestion } : {}) });
      return;
    }
    case 'string':
      return checkString(value, shape, path, options, issues, wrongType);
  }
}

function checkString(
  value: YamlValue,
  shape: Extract<Shape, { kind: 'string' }>,
  path: KeyPath,
  options: ValidateOptions,
  issues: ShapeIssue[],
  wrongType: () => void,
): void {
  // contentctl reads a date written without quotes as a date: the YAML 1.2 reader here keeps it a string.
  if (value.kind !== 'scalar' || typeof value.value !== 'string') return void wrongType();
  const text = value.value;
  if (isPlaceholder(text) || (shape.prose && /^\s*(TBD|TODO|FIXME|XXX+|\.\.\.)\s*\.?\s*$/i.test(text))) {
    issues.push({ kind: 'placeholder', span: value.span, path, value: text });
    return;
  }
  const length = codePoints(text);
  if ((shape.minLength !== undefined && length < shape.minLength) || (shape.maxLength !== undefined && length > shape.maxLength)) {
    issues.push({ kind: 'length', span: value.span, path, length, ...(shape.minLength !== undefined ? { min: shape.minLength } : {}), ...(shape.maxLength !== undefined ? { max: shape.maxLength } : {}) });
  }
  if (!shape.format) return;
  const reason = formatProblem(text, shape.format, options.today);
  if (reason) issues.push({ kind: 'format', span: value.span, path, value: text, format: shape.format, reason });
}

/** Characters as Python counts them (code points), without spreading a long value into an array. */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) count--;
    }
  }
  return count;
}

/** contentctl's `new` fills what the author must write with `UPDATE ...` values. */
export function isPlaceholder(text: string): boolean {
  return /^UPDATE(\b|_)/.test(text.trim());
}

/** Why `text` is not a value of the format, or undefined when it is one. */
export function formatProblem(text: string, format: StringFormat, today: string): string | undefined {
  switch (format) {
    case 'uuid':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) ? undefined : 'is not a UUID (8-4-4-4-12 hexadecimal digits)';
    case 'date':
      return dateProblem(text, today);
    case 'url':
      return urlProblem(text);
    case 'url-or-path':
      return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? urlProblem(text) : text.trim() === '' ? 'is empty' : undefined;
    case 'attack-id':
      return ATTACK_ID.test(text) ? undefined : 'is not an ATT&CK technique id (`T1234` or `T1234.001`)';
    case 'cve':
      return CVE_ID.test(text) ? undefined : 'is not a CVE id (`CVE-2023-12345`)';
  }
}

function dateProblem(text: string, today: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return 'is not a date written `YYYY-MM-DD`';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'is not a day of the calendar';
  if (text > today) return `is in the future (today is ${today}, UTC)`;
  return undefined;
}

function urlProblem(text: string): string | undefined {
  if (/\s/.test(text)) return 'is not a URL: it holds white space';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `is not an http(s) URL`;
  return url.hostname === '' ? 'is not a URL: it has no host' : undefined;
}

function integerOf(value: YamlValue): number | undefined {
  if (value.kind !== 'scalar') return undefined;
  if (typeof value.value === 'number') return Number.isInteger(value.value) ? value.value : undefined;
  // pydantic (lax mode) reads a string of digits as an integer.
  if (typeof value.value === 'string' && /^[-+]?\d+$/.test(value.value.trim())) return Number(value.value);
  return undefined;
}

/** The listed value the author probably meant: same letters in another case, else the closest spelling. */
export function closestValue(value: string, values: readonly string[]): string | undefined {
  const lower = value.trim().toLowerCase();
  const sameCase = values.find((v) => v.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const extensions = lower.length >= 3 ? values.filter((v) => v.toLowerCase().startsWith(lower)) : [];
  if (extensions.length === 1) return extensions[0];
  const near = closestName(lower, values.map((v) => v.toLowerCase()));
  return near === undefined ? undefined : values.find((v) => v.toLowerCase() === near);
}

/** "ESCU 4.x" / "contentctl 5" for messages. */
export function layoutName(layout: Layout): string {
  return LAYOUT_NAMES[layout];
}
