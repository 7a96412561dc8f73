// The EVTX reader's bounds (docs/limits.md, "Reading .evtx files"). The format's own sizes bound most
// work (a chunk is 64 KiB, counts are 16-bit), but a crafted chunk can still reference one template
// from thousands of records, nest BinXml values inside values, or repeat a large value many times;
// these bounds keep each chunk's work and each event's text finite whatever the bytes say.

export interface EvtxLimits {
  /**
   * Elements, template instances and BinXml values nested inside one another in one record. Real
   * events nest about six deep; past the bound the record is reported and skipped.
   */
  maxDepth: number;
  /** Characters of one rendered event; past it the record is reported and skipped. */
  maxEventChars: number;
  /**
   * Rendering work in one chunk: characters produced plus nodes visited, over all its records. A
   * real 64 KiB chunk renders to well under 1 MiB; past the bound the chunk's remaining records are
   * reported and skipped.
   */
  maxChunkWork: number;
  /**
   * Bytes of template definitions parsed in one chunk (each distinct template once: definitions
   * are cached per chunk by offset). Past it, records whose template is not yet parsed are
   * reported and skipped.
   */
  maxTemplateBytesPerChunk: number;
}

export const DEFAULT_EVTX_LIMITS: Readonly<EvtxLimits> = Object.freeze({
  maxDepth: 64,
  maxEventChars: 4 * 1024 * 1024,
  maxChunkWork: 32 * 1024 * 1024,
  maxTemplateBytesPerChunk: 1024 * 1024,
});

/** The size of the file header block and of each chunk; fixed by the format. */
export const FILE_HEADER_BYTES = 4096;
export const CHUNK_BYTES = 65536;
/** Chunk header including the string and template hash tables; records start here. */
export const CHUNK_HEADER_BYTES = 512;
/** Record header (signature, size, identifier, written time) plus the trailing copy of the size. */
export const RECORD_OVERHEAD_BYTES = 28;
