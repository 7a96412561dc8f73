// Which detections an event can reach: the fast-path literals of every detection (engine/eval/
// fastPath.ts: clauses, each met by any one of its literals, ignoring case) checked with one
// multi-pattern scan of the raw text. A detection gets exactly the events its own run would read
// (`requireLiterals` over the same clauses): no filter is ever stricter than the engine's.
import { requireLiterals } from '../engine/readers/filters';
import type { LineRequirement, LineRouter } from '../engine/readers/sharedReads';
import { isScannable, MultiPatternScanner } from './multiPattern';

/**
 * Up to this many detections with literals, each is checked with its own regex rather than the scanner:
 * V8 finds a literal in a line by skipping (~0.25 ns a character), the scanner reads every character
 * (~4 ns), so a few regexes cost less than one scan (100 MB of Sysmon XML: 1 detection 24 ms vs 404
 * ms, 6 detections 160 ms vs 420 ms). The subsearches read after the detections close are a few.
 */
const FEW_FOR_REGEXES = 8;

export class EventRouter implements LineRouter {
  /** Detections with no requirement: every event. */
  private readonly always: number[] = [];
  /** Detections whose literals the scanner cannot hold (not printable ASCII), or all when they are few: their own regex filter. */
  private readonly byRegex: Array<{ detection: number; accepts: (raw: string) => boolean }> = [];
  private readonly scanner: MultiPatternScanner;
  /** Literal -> detections whose key clause holds it (the clause an event must meet first). */
  private readonly byKeyLiteral: number[][];
  /** Per detection: its clauses as literal ids (undefined: not routed by the scanner). */
  private readonly clauses: Array<number[][] | undefined>;
  /** Literal id -> the scan that last saw it; detection -> the route that last listed it. */
  private readonly literalSeen: Uint32Array;
  private readonly detectionSeen: Uint32Array;
  private scanId = 0;
  private readonly hit: number[] = [];
  private readonly onFound = (literal: number): void => {
    if (this.literalSeen[literal] !== this.scanId) {
      this.literalSeen[literal] = this.scanId;
      this.hit.push(literal);
    }
  };

  constructor(requirements: readonly LineRequirement[]) {
    const ids = new Map<string, number>();
    const idOf = (literal: string): number => {
      const key = literal.toLowerCase();
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      return id;
    };
    // The clauses requireLiterals keeps: an empty clause or an empty literal requires nothing.
    const wantedOf = (clauses: LineRequirement) => clauses.filter((clause) => clause.length > 0 && clause.every((literal) => literal.length > 0));
    const fewWithLiterals = requirements.filter((clauses) => wantedOf(clauses).length > 0).length <= FEW_FOR_REGEXES;
    this.clauses = requirements.map((clauses, detection) => {
      const wanted = wantedOf(clauses);
      if (wanted.length === 0) {
        this.always.push(detection);
        return undefined;
      }
      if (fewWithLiterals || !wanted.every((clause) => clause.every(isScannable))) {
        this.byRegex.push({ detection, accepts: requireLiterals(wanted)! });
        return undefined;
      }
      return wanted.map((clause) => clause.map(idOf));
    });
    this.scanner = new MultiPatternScanner([...ids.keys()]);
    this.byKeyLiteral = Array.from({ length: ids.size }, () => []);
    const patternLength = [...ids.keys()].map((p) => p.length);
    this.clauses.forEach((clauses, detection) => {
      if (!clauses) return;
      // The key clause: the one whose shortest literal is longest (the rarest to be met, as a rule).
      const key = clauses.reduce((best, clause) => (shortest(clause, patternLength) > shortest(best, patternLength) ? clause : best));
      for (const literal of new Set(key)) this.byKeyLiteral[literal].push(detection);
    });
    this.literalSeen = new Uint32Array(ids.size);
    this.detectionSeen = new Uint32Array(requirements.length);
  }

  /** How many detections read every event, and the automaton's size (for the stats). */
  get shape(): { unfiltered: number; literals: number; states: number } {
    return { unfiltered: this.always.length, literals: this.scanner.patterns.length, states: this.scanner.states };
  }

  /** The detections with no requirement (every event can match them), in ascending order; `route` leaves them out. */
  get unfiltered(): readonly number[] {
    return this.always;
  }

  /** The detections with a requirement that `raw` meets, in ascending order. */
  route(raw: string): readonly number[] {
    this.scanId = (this.scanId + 1) >>> 0 || 1;
    const scan = this.scanId;
    this.hit.length = 0;
    if (this.scanner.patterns.length > 0) this.scanner.scan(raw, this.onFound);
    const routed: number[] = [];
    for (const literal of this.hit) {
      for (const detection of this.byKeyLiteral[literal]) {
        if (this.detectionSeen[detection] === scan) continue;
        this.detectionSeen[detection] = scan;
        if (this.meetsAll(this.clauses[detection]!, scan)) routed.push(detection);
      }
    }
    for (const { detection, accepts } of this.byRegex) if (accepts(raw)) routed.push(detection);
    if (routed.length > 1) routed.sort((a, b) => a - b);
    return routed;
  }

  private meetsAll(clauses: number[][], scan: number): boolean {
    for (const clause of clauses) {
      let met = false;
      for (const literal of clause) {
        if (this.literalSeen[literal] === scan) {
          met = true;
          break;
        }
      }
      if (!met) return false;
    }
    return true;
  }
}

function shortest(clause: number[], lengths: number[]): number {
  let min = Infinity;
  for (const literal of clause) min = Math.min(min, lengths[literal]);
  return min;
}
