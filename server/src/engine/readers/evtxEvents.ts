// The events of an .evtx file, fed its bytes as the log pipeline reads them: each record rendered to
// the single-line XmlWinEventLog text the XML reader reads, and made into an event exactly as the XML
// reader makes one (its time, lazy fields and probes, the fast path's filter); each problem the EVTX
// reader reports counted and kept with its record, chunk and offset. An event's line is its number in
// the log (RecordPositions maps it back to its record).
import type { EventMetadata, LazyFields } from '../event';
import type { ReadContext } from './context';
import { EvtxStreamDecoder, type EvtxEvent, type EvtxItem, type EvtxProblem } from './evtx/reader';
import type { RecordPositions } from './evtxPositions';
import { windowsXmlTime } from './winXml';
import { windowsXmlFields } from './winXmlProbe';

/** How Splunk's Add-on for Microsoft Windows labels an event it reads as XML from an event log channel. */
export const EVTX_SOURCETYPE = 'XmlWinEventLog';
export const evtxSource = (channel: string): string => `${EVTX_SOURCETYPE}:${channel}`;

/** Numbers events across the files of one log (a folder's files are one log). */
export interface EventNumbering {
  next: number;
}

export class EvtxEvents {
  private readonly decoder = new EvtxStreamDecoder();
  /** Metadata by channel: events of one channel share one frozen object. */
  private readonly metadataByChannel = new Map<string, Readonly<EventMetadata>>();
  private readonly given: Readonly<EventMetadata>;

  constructor(
    private readonly ctx: ReadContext,
    private readonly file: string | undefined,
    private readonly positions: RecordPositions,
    private readonly numbering: EventNumbering,
  ) {
    this.given = ctx.metadata;
  }

  push(bytes: Buffer): void {
    this.take(this.decoder.push(bytes));
  }

  end(): void {
    this.take(this.decoder.end());
  }

  private take(items: EvtxItem[]): void {
    let chunkEvents: EvtxEvent[] = [];
    let chunkFirst = this.numbering.next;
    for (const item of items) {
      if (item.kind === 'problem') {
        this.problem(item);
        continue;
      }
      if (chunkEvents.length > 0 && item.chunk !== chunkEvents[0].chunk) {
        this.positions.add(chunkFirst, this.file, chunkEvents);
        chunkEvents = [];
        chunkFirst = this.numbering.next;
      }
      chunkEvents.push(item);
      const number = this.numbering.next++;
      const xml = item.xml;
      if (!this.ctx.accepts(xml)) continue;
      const fields = windowsXmlFields();
      this.ctx.emit(xml, windowsXmlTime(xml), number, number, item.offset, item.offset, fields, this.metadataOf(xml, fields));
    }
    this.positions.add(chunkFirst, this.file, chunkEvents);
  }

  /**
   * The given source and sourcetype, else what Splunk's Windows add-on gives an event of the
   * record's channel: `XmlWinEventLog:<Channel>` and `XmlWinEventLog`.
   */
  private metadataOf(xml: string, fields: LazyFields): Readonly<EventMetadata> {
    if (this.given.source !== undefined && this.given.sourcetype !== undefined) return this.given;
    const probed = this.given.source === undefined ? fields.probeFirst(xml, 'Channel') : null;
    const channel = probed === undefined ? firstChannel(fields, xml) : (probed ?? '');
    let metadata = this.metadataByChannel.get(channel);
    if (metadata === undefined) {
      metadata = Object.freeze({
        ...this.given,
        sourcetype: this.given.sourcetype ?? EVTX_SOURCETYPE,
        source: this.given.source ?? (channel === '' ? undefined : evtxSource(channel)),
      });
      this.metadataByChannel.set(channel, metadata);
    }
    return metadata;
  }

  /** A lost record is an unparsed event; a lost chunk or stretch, as many as it is known to have held. */
  private problem(item: EvtxProblem): void {
    const lost = item.recordsLost ?? 0;
    this.ctx.stats.eventsUnparsed += lost;
    const unknown = item.recordsLost === undefined && item.skipped !== 'nothing' ? ' (how many records were lost is not known)' : '';
    this.ctx.problem(0, item.reason + unknown, { ...(this.file !== undefined ? { file: this.file } : {}), evtx: { record: item.record, chunk: item.chunk, offset: item.offset } });
  }
}

/** The Channel field when the probe cannot be sure (extraction decides, as it would for the search). */
function firstChannel(fields: LazyFields, xml: string): string {
  const value = fields.extract(xml).get('Channel');
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
