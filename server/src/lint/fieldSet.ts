/**
 * The fields that may exist at a point of a pipeline, as far as the commands before it tell. After
 * `stats`/`tstats` (and `table`, `fields`, `top`) the set is known exactly; commands whose output
 * fields cannot be known (`join`, a lookup without OUTPUT, `spath` without a path, an unknown
 * command ...) make it unknown, and nothing is judged until a command makes it known again.
 */
import type { Span } from '../text/span';

/** The command that made the set known: what a message names. */
export interface Producer {
  command: string;
  span: Span;
}

export type FieldSet =
  | { kind: 'unknown' }
  | {
      kind: 'known';
      /** Exact names. */
      names: Set<string>;
      /** Wildcard patterns (`Processes.*` kept by `table Processes.*`). */
      patterns: string[];
      producer: Producer;
    };

export const UNKNOWN: FieldSet = { kind: 'unknown' };

/** A known set; names holding `*` (`values(*) as *`, `table Processes.*`) become patterns. */
export function knownSet(names: Iterable<string>, producer: Producer, patterns: string[] = []): FieldSet {
  const exact = new Set<string>();
  const wildcards = [...patterns];
  for (const name of names) {
    if (name.includes('*')) wildcards.push(name);
    else exact.add(name);
  }
  return { kind: 'known', names: exact, patterns: wildcards, producer };
}

export function hasField(set: FieldSet, name: string): boolean {
  if (set.kind === 'unknown') return true;
  return set.names.has(name) || set.patterns.some((p) => wildcardRegExp(p).test(name));
}

export function addFields(set: FieldSet, names: Iterable<string>): FieldSet {
  if (set.kind === 'unknown') return set;
  const next = new Set(set.names);
  const patterns = [...set.patterns];
  for (const name of names) {
    if (name.includes('*')) patterns.push(name);
    else next.add(name);
  }
  return { ...set, names: next, patterns };
}

export function removeFields(set: FieldSet, names: readonly string[]): FieldSet {
  if (set.kind === 'unknown') return set;
  const removed = names.map((n) => wildcardRegExp(n));
  return { ...set, names: new Set([...set.names].filter((n) => !removed.some((r) => r.test(n)))), patterns: set.patterns.filter((p) => !names.includes(p)) };
}

/** `table`/`fields`: only the listed fields (or wildcard matches) remain; from an unknown set, exactly these may. */
export function keepFields(set: FieldSet, names: readonly string[], producer: Producer): FieldSet {
  const exact = names.filter((n) => !n.includes('*'));
  const patterns = names.filter((n) => n.includes('*'));
  if (set.kind === 'unknown') return knownSet(exact, producer, patterns);
  const regexps = patterns.map((p) => wildcardRegExp(p));
  const kept = [...set.names].filter((n) => exact.includes(n) || regexps.some((r) => r.test(n)));
  // A kept pattern of the set (`Processes.*`) may still hold any of the listed names.
  const keptPatterns = set.patterns.length > 0 ? patterns.concat(exact.filter((n) => set.patterns.some((p) => wildcardRegExp(p).test(n)))) : [];
  return { ...set, names: new Set(kept), patterns: keptPatterns };
}

/** `rename from AS to` (with `*` wildcards in both, as Splunk's rename does). */
export function renameField(set: FieldSet, from: string, to: string): FieldSet {
  if (set.kind === 'unknown') return set;
  if (!from.includes('*')) {
    if (!hasField(set, from)) return set;
    const names = new Set(set.names);
    names.delete(from);
    names.add(to);
    return { ...set, names };
  }
  // Renaming through wildcard patterns of the set is not followed.
  if (set.patterns.length > 0) return UNKNOWN;
  const pattern = wildcardRegExp(from, true);
  const names = new Set<string>();
  for (const name of set.names) {
    const match = pattern.exec(name);
    if (!match) {
      names.add(name);
      continue;
    }
    let group = 1;
    names.add(to.replace(/\*/g, () => match[group++] ?? ''));
  }
  return { ...set, names };
}

/** `*` matches any run of characters; everything else literally. */
export function wildcardRegExp(pattern: string, capture = false): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[\\^$.+?()[\]{}|]/g, '\\$&'))
    .join(capture ? '(.*)' : '.*');
  return new RegExp(`^${body}$`);
}

/** A short list of the set's fields for messages. */
export function describeFields(set: FieldSet, max = 8): string {
  if (set.kind === 'unknown') return 'unknown fields';
  const all = [...set.names, ...set.patterns];
  if (all.length === 0) return 'no fields';
  const shown = all.slice(0, max).map((n) => `\`${n}\``).join(', ');
  return all.length > max ? `${shown} and ${all.length - max} more` : shown;
}
