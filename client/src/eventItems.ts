// The rows of an event behind a hit, alike in the Results and Hunt Results views: a line of a text
// log opens the log there; a record of an .evtx log opens the record.
import * as vscode from 'vscode';
import { describeRecord, type RecordPosition } from '../../server/src/text/logPosition';
import { OPEN_LOG_RECORD_COMMAND } from './logRecords';

export const OPEN_LOG_LINE_COMMAND = 'splDetect.openLogLine';

export function eventLineItem(logPath: string, line: number): vscode.TreeItem {
  const item = new vscode.TreeItem(`Event at line ${line}`);
  item.iconPath = new vscode.ThemeIcon('go-to-file');
  item.command = { title: 'Open the log at this line', command: OPEN_LOG_LINE_COMMAND, arguments: [logPath, line] };
  return item;
}

/** `uri`: the detection's document, whose run (and read scope) the record is read again under. */
export function eventRecordItem(uri: string, position: RecordPosition): vscode.TreeItem {
  const item = new vscode.TreeItem(`Event at ${describeRecord(position)}`);
  item.iconPath = new vscode.ThemeIcon('go-to-file');
  item.tooltip = `${position.file ?? ''}, offset 0x${position.offset.toString(16)}`;
  item.command = { title: 'Show the record', command: OPEN_LOG_RECORD_COMMAND, arguments: [uri, position] };
  return item;
}
