// What a run gives the rows made from its events: the add-on fields of each event's data source
// (server/src/cim/mappings.ts, computed per row only for the names read) and a record of which fields
// the search read from events and whether any of those events had them. A field read on events
// that never had it (and that no command of the search made) is why a search returns nothing: the
// run warns RUN010 naming it and the nearest names its events did have (docs/semantics.md, "Add-on
// fields and search-time fields").
import type { CimMappings } from '../../cim/mappings';
import type { LogEvent } from '../event';
import type { CommandNode } from '../../spl/ast';
import type { Span } from '../../text/span';
import { walk } from '../../spl/visit';

/** Names every event has or that are not event fields: reading them says nothing about the data. */
const ALWAYS_THERE = new Set(['_raw', '_time', 'host', 'source', 'sourcetype', 'index', 'linecount', 'eventtype', 'tag', 'splunk_server', 'punct']);

/** Distinct field names whose reads are recorded per run: names come from the search, so few; a hostile one is bounded. */
export const MAX_TRACKED_READS = 1000;

/** Nearest names a warning offers. */
const NEAREST = 3;

interface ReadRecord {
  had: boolean;
  /** The first event the field was read on and missing from (its names are offered instead). */
  missingOn: LogEvent | undefined;
}

export interface MissingFieldRead {
  field: string;
  /** The nearest field names the events it was read on had, best first. */
  nearest: string[];
}

export class SearchTimeFields {
  private readonly reads = new Map<string, ReadRecord>();

  constructor(
    /** The add-on rules; without them rows see raw fields only. */
    readonly addons: CimMappings | undefined,
    /** Whether reads are recorded (the main pipeline's; nested pipelines report nothing of their own). */
    private readonly tracking: boolean,
  ) {}

  /** Records that the search read `name` from `event` and whether the event had it. */
  read(name: string, had: boolean, event: LogEvent): void {
    if (!this.tracking) return;
    let record = this.reads.get(name);
    if (record === undefined) {
      if (this.reads.size >= MAX_TRACKED_READS) return;
      record = { had: ALWAYS_THERE.has(name) || name.startsWith('_'), missingOn: undefined };
      this.reads.set(name, record);
    }
    if (record.had) return;
    if (had) {
      record.had = true;
      record.missingOn = undefined;
    } else {
      record.missingOn ??= event;
    }
  }

  /** A command set or removed `name` on an event row: the search makes the field, so its absence from events is no news. */
  wrote(name: string): void {
    if (!this.tracking) return;
    const record = this.reads.get(name);
    if (record !== undefined) {
      record.had = true;
      record.missingOn = undefined;
    } else if (this.reads.size < MAX_TRACKED_READS) {
      this.reads.set(name, { had: true, missingOn: undefined });
    }
  }

  /** Every field an event has as a search sees it: raw fields, then add-on fields. */
  namesOf(event: LogEvent): string[] {
    const names = [...event.fields.keys()];
    const addons = this.addons;
    if (!addons) return names;
    const rules = addons.rulesFor(event);
    return names.concat(addons.addonNames(event, addons.addonLookup(event, rules), rules));
  }

  /** The fields read from events of which none had them, in first-read order. */
  missing(): MissingFieldRead[] {
    const out: MissingFieldRead[] = [];
    for (const [field, record] of this.reads) {
      if (record.had || !record.missingOn) continue;
      out.push({ field, nearest: nearestNames(field, this.namesOf(record.missingOn)) });
    }
    return out;
  }
}

/** The warning's text for one missing field. */
export function missingFieldMessage(missing: MissingFieldRead): string {
  const offer = missing.nearest.length > 0 ? `; nearest fields they had: ${missing.nearest.join(', ')}` : '';
  return `the search reads ${missing.field}, but none of the events it was read on had it${offer} (docs/semantics.md, "Add-on fields and search-time fields")`;
}

/** Where the search names `field` first (a field name in any command), else the first command. */
export function fieldSpan(commands: readonly CommandNode[], field: string): Span {
  for (const command of commands) {
    let found: Span | undefined;
    walk(command, (node) => {
      if (found) return 'skip';
      if (node.kind === 'field' && node.name === field) found = node.span;
      return undefined;
    });
    if (found) return found;
  }
  return commands[0].span;
}

/** Up to NEAREST names closest to `field` (ignoring case), closest first: names a slip away, or holding it whole. */
export function nearestNames(field: string, names: readonly string[]): string[] {
  const wanted = field.toLowerCase();
  const scored: Array<[number, string]> = [];
  for (const name of new Set(names)) {
    if (ALWAYS_THERE.has(name) || name.startsWith('_')) continue;
    const lower = name.toLowerCase();
    const distance = editDistance(wanted, lower);
    if (distance <= Math.max(2, Math.floor(wanted.length / 3)) || lower.includes(wanted)) scored.push([distance, name]);
  }
  scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  return scored.slice(0, NEAREST).map(([, name]) => name);
}

/** Levenshtein distance (names are short: the quadratic table is a few hundred cells). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
