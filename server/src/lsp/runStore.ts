import type { RunDetectionResult } from './protocol';

/**
 * The last run of each document, keyed by uri and remembering the document version it ran on: an
 * edit makes it stale (CodeLens says so, inlay hints disappear) until the next run.
 */
export class RunStore {
  private readonly runs = new Map<string, RunDetectionResult>();

  set(uri: string, run: RunDetectionResult): void {
    this.runs.set(uri, run);
  }

  get(uri: string): RunDetectionResult | undefined {
    return this.runs.get(uri);
  }

  /** The run, if it ran on exactly `version` (null: the document was not open then nor now). */
  fresh(uri: string, version: number | null): RunDetectionResult | undefined {
    const run = this.runs.get(uri);
    return run && run.version === version ? run : undefined;
  }

  delete(uri: string): void {
    this.runs.delete(uri);
  }
}
