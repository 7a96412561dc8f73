import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Project } from '../workspace/project';
import type { AnalysisCache, AnalyzedDocument } from './analysisCache';

/**
 * How long one slice of analysis runs before the server reads its next messages: a request about
 * another document waits at most this long (plus one step: reading a file, or one search).
 */
export const ANALYSIS_SLICE_MS = 10;

/** The document changed (or the workspace was reloaded) before its analysis ended. */
export const SUPERSEDED = Symbol('superseded');

interface Job {
  version: number;
  project: Project;
  superseded: boolean;
  result: Promise<AnalyzedDocument | undefined | typeof SUPERSEDED>;
}

/**
 * Analyses open documents in slices, one job per document version, so that a long document is
 * analysed without keeping the server from answering about others. Everything that needs a
 * document's analysis (diagnostics, semantic tokens, outline, CodeLens, quick fixes) waits for the
 * same job. A newer version, a closed document or a reloaded workspace abandons the job at its next
 * slice.
 */
export class AnalysisJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyses: AnalysisCache,
  ) {}

  /** The analysis of the document's current version (shared with a job already running for it), or SUPERSEDED when an edit came first. */
  analyzeCurrent(document: TextDocument): Promise<AnalyzedDocument | undefined | typeof SUPERSEDED> {
    const running = this.jobs.get(document.uri);
    if (running && !running.superseded && running.version === document.version && running.project === this.analyses.project) return running.result;
    if (running) running.superseded = true;
    const job: Job = { version: document.version, project: this.analyses.project, superseded: false, result: Promise.resolve(undefined) };
    this.jobs.set(document.uri, job);
    job.result = this.run(document, job);
    return job.result;
  }

  /** The analysis of whatever version the document has when it is done; undefined when it is not open or not SPL. */
  async analyzed(uri: string): Promise<AnalyzedDocument | undefined> {
    for (;;) {
      const document = this.documents.get(uri);
      if (!document) return undefined;
      const outcome = await this.analyzeCurrent(document);
      if (outcome !== SUPERSEDED) return outcome;
    }
  }

  /** The document was closed: its job stops at the next slice. */
  forget(uri: string): void {
    const job = this.jobs.get(uri);
    if (job) job.superseded = true;
    this.jobs.delete(uri);
  }

  private async run(document: TextDocument, job: Job): Promise<AnalyzedDocument | undefined | typeof SUPERSEDED> {
    const stale = () => job.superseded || this.documents.get(document.uri)?.version !== job.version || this.analyses.project !== job.project;
    const steps = this.analyses.analysisSteps(document);
    try {
      let sliceStart = performance.now();
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        if (performance.now() - sliceStart < ANALYSIS_SLICE_MS) continue;
        await nextTurn();
        if (stale()) return SUPERSEDED;
        sliceStart = performance.now();
      }
    } finally {
      // Only running jobs are shared: a later request starts again, and the project answers from its
      // cache unless the macros changed meanwhile.
      if (this.jobs.get(document.uri) === job) this.jobs.delete(document.uri);
    }
  }
}

/** Lets the event loop read pending messages and run their handlers. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
