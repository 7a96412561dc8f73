// Aho-Corasick over ASCII, ignoring the case of A-Z: one pass over a line finds every pattern it
// holds, however many patterns there are. The semantics are those of the single-detection fast path
// (a case-insensitive regex without the `u` flag): an ASCII letter matches only its two ASCII
// cases, so no other character can stand for a pattern's character. Patterns must be ASCII (the
// caller checks `isScannable`); the automaton is a full transition table, so a scan costs one
// table read per character whatever the patterns.

/** Characters a pattern may hold: printable ASCII. */
const SCANNABLE = /^[\x20-\x7e]+$/;

export function isScannable(pattern: string): boolean {
  return SCANNABLE.test(pattern);
}

export class MultiPatternScanner {
  /** Character code -> class; 0 is "no pattern has it" (every code past ASCII). */
  private readonly classOf = new Uint8Array(65536);
  private readonly classes: number;
  /**
   * The transitions, each state's row at `state * classes`: `next[row + class]` is the next
   * state's row, bitwise negated (< 0) when patterns end there. Rows rather than state numbers spare
   * a multiplication per character, and the sign a look at `outputStart` (a scan costs ~4 ns a character).
   */
  private readonly next: Int32Array;
  /** Patterns ending at a state (its own and those of its suffixes): outputStart[s]..outputStart[s+1] in `outputs`. */
  private readonly outputStart: Int32Array;
  private readonly outputs: Int32Array;

  /** Patterns are found by their index in `patterns`; duplicates are found under each index. */
  constructor(readonly patterns: readonly string[]) {
    const folded = patterns.map((p) => {
      if (!isScannable(p)) throw new Error(`internal error: pattern ${JSON.stringify(p)} is not printable ASCII`);
      return p.toLowerCase();
    });
    let classes = 1;
    for (const pattern of folded) {
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        if (this.classOf[code] === 0) {
          this.classOf[code] = classes;
          // An upper-case letter reads as its lower case.
          if (code >= 0x61 && code <= 0x7a) this.classOf[code - 0x20] = classes;
          classes++;
        }
      }
    }
    this.classes = classes;
    // The trie, with the transitions as a growing array of per-state rows.
    const rows: Int32Array[] = [new Int32Array(classes).fill(-1)];
    const ends: number[][] = [[]];
    folded.forEach((pattern, index) => {
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const c = this.classOf[pattern.charCodeAt(i)];
        if (rows[state][c] < 0) {
          rows[state][c] = rows.length;
          rows.push(new Int32Array(classes).fill(-1));
          ends.push([]);
        }
        state = rows[state][c];
      }
      ends[state].push(index);
    });
    // Breadth first: each state's failure link and missing transitions come from shorter states.
    const fail = new Int32Array(rows.length);
    const order: number[] = [];
    for (let c = 0; c < classes; c++) {
      const child = rows[0][c];
      if (child < 0) rows[0][c] = 0;
      else {
        fail[child] = 0;
        order.push(child);
      }
    }
    for (let head = 0; head < order.length; head++) {
      const state = order[head];
      ends[state].push(...ends[fail[state]]);
      for (let c = 0; c < classes; c++) {
        const child = rows[state][c];
        if (child < 0) rows[state][c] = rows[fail[state]][c];
        else {
          fail[child] = rows[fail[state]][c];
          order.push(child);
        }
      }
    }
    this.outputStart = new Int32Array(rows.length + 1);
    const outputs: number[] = [];
    ends.forEach((list, state) => {
      this.outputStart[state] = outputs.length;
      outputs.push(...new Set(list));
    });
    this.outputStart[rows.length] = outputs.length;
    this.outputs = Int32Array.from(outputs);
    this.next = new Int32Array(rows.length * classes);
    rows.forEach((row, state) => {
      for (let c = 0; c < classes; c++) {
        const target = row[c];
        const targetRow = target * classes;
        this.next[state * classes + c] = this.outputStart[target] !== this.outputStart[target + 1] ? ~targetRow : targetRow;
      }
    });
  }

  get states(): number {
    return this.outputStart.length - 1;
  }

  /** Calls `found(index)` for every pattern `text` holds (once per occurrence). */
  scan(text: string, found: (pattern: number) => void): void {
    const { classOf, next, classes, outputStart, outputs } = this;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      row = next[row + classOf[text.charCodeAt(i)]];
      if (row < 0) {
        row = ~row;
        const state = row / classes;
        for (let k = outputStart[state], end = outputStart[state + 1]; k < end; k++) found(outputs[k]);
      }
    }
  }
}
