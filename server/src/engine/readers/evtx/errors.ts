/**
 * The one error the EVTX reader throws or reports: everything it finds wrong in a file, with the
 * file offset where it found it. Whatever bytes a file holds, nothing else escapes the reader: a
 * damaged record or chunk becomes a reported problem carrying this error's message, and only a file
 * that is not EVTX at all (no file header) ends reading with it thrown.
 */
export class EvtxError extends Error {
  constructor(
    message: string,
    /** Where the damage is: a file offset once the error leaves the reader (inside a chunk's parser, an offset in that chunk). */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'EvtxError';
  }
}

/** `0x1a2b` style, as evtx tools print offsets. */
export function hex(value: number): string {
  return `0x${value.toString(16)}`;
}
