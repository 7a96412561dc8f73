// The last run of each detection as the client shows it (results view, log decorations). The run
// itself is the server's (protocol.ts); this only remembers answers and says when they change.
import * as vscode from 'vscode';
import type { RunDetectionResult, RunResultRow } from '../../server/src/lsp/protocol';

export class RunResults implements vscode.Disposable {
  private readonly runs = new Map<string, RunDetectionResult>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the detection's uri. */
  readonly onDidChange = this.changed.event;

  set(detectionUri: string, run: RunDetectionResult): void {
    this.runs.set(detectionUri, run);
    this.changed.fire(detectionUri);
  }

  get(detectionUri: string): RunDetectionResult | undefined {
    return this.runs.get(detectionUri);
  }

  all(): [string, RunDetectionResult][] {
    return [...this.runs.entries()];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Fields that say which result this is (not its counts or times), for labels. */
const UNINFORMATIVE = new Set(['count', 'firstTime', 'lastTime', '_time']);

export function keyFieldsOf(row: RunResultRow, limit = 3): string {
  const names = Object.keys(row.fields).filter((name) => !UNINFORMATIVE.has(name));
  const shown = (names.length > 0 ? names : Object.keys(row.fields)).slice(0, limit);
  return shown.map((name) => `${name}=${fieldText(row.fields[name])}`).join(', ') || '(no fields)';
}

export function fieldText(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(' | ') : value;
}
