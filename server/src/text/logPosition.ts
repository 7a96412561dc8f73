// How a place in a log is written for people: a line of a text log, a record of an .evtx file
// ("security.evtx record 1234 (chunk 5)"). One wording for the engine's messages, the CLI and the
// editor: the VS Code client bundles this file, so it imports nothing.

/** One event of an .evtx log: its file (undefined for a stream), record identifier, chunk and file offset. */
export interface RecordPosition {
  file?: string;
  record: number;
  /** 0-based index of the chunk in the file. */
  chunk: number;
  /** Byte offset of the record in the file. */
  offset: number;
}

/** The last segment of a path, `/` or `\` separated. */
export function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** "security.evtx record 1234 (chunk 5)", or without a file "record 1234 (chunk 5)". */
export function describeRecord(position: RecordPosition): string {
  const record = `record ${position.record} (chunk ${position.chunk})`;
  return position.file === undefined ? record : `${fileNameOf(position.file)} ${record}`;
}

/** "line 2", "lines 2, 5, 6". */
export function describeLines(lines: readonly number[]): string {
  return `line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}`;
}

/** "security.evtx records 12 (chunk 0), 15 (chunk 0); system.evtx record 3 (chunk 0)": records grouped by file, in order. */
export function describeRecords(positions: readonly RecordPosition[]): string {
  const groups: Array<{ file: string | undefined; records: string[] }> = [];
  for (const position of positions) {
    const last = groups[groups.length - 1];
    const text = `${position.record} (chunk ${position.chunk})`;
    if (last && last.file === position.file) last.records.push(text);
    else groups.push({ file: position.file, records: [text] });
  }
  return groups
    .map(({ file, records }) => `${file === undefined ? '' : `${fileNameOf(file)} `}record${records.length === 1 ? '' : 's'} ${records.join(', ')}`)
    .join('; ');
}

/** The events behind a result row: its records in an .evtx log, else its lines. */
export function describeEvents(row: { events: readonly number[]; records?: readonly RecordPosition[] }): string {
  return row.records ? describeRecords(row.records) : describeLines(row.events);
}
