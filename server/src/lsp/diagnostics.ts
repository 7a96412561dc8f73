import { readFileSync } from 'node:fs';
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Severity } from '../text/diagnostic';
import { LineIndex } from '../text/lineIndex';
import { splKind, type AnalyzedDocument } from './analysisCache';
import { SUPERSEDED } from './analysisJobs';
import type { ServerContext } from './context';
import { describeError } from './guard';
import { spanToRange } from './positions';
import { pathToUri, uriToPath } from './uris';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Undefined when the document is not an SPL source: such documents get no diagnostics at all.
 * SUPERSEDED when the document changed before its analysis ended (that edit scheduled another).
 */
export async function documentDiagnostics(context: ServerContext, document: TextDocument): Promise<PublishDiagnosticsParams | undefined | typeof SUPERSEDED> {
  const entry = await context.jobs.analyzeCurrent(document);
  if (!entry || entry === SUPERSEDED) return entry;
  const related = relatedLineIndexes(context, entry);
  const diagnostics = entry.analysis.diagnostics.map((d) => toLspDiagnostic(d, entry, related));
  return { uri: entry.uri, version: entry.version, diagnostics };
}

/** A core diagnostic in LSP terms; related locations in other files use `lineIndexOf` for their ranges. */
export function toLspDiagnostic(
  diagnostic: Diagnostic,
  entry: Pick<AnalyzedDocument, 'path' | 'uri' | 'lines'>,
  lineIndexOf: (path: string) => LineIndex | undefined,
): LspDiagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = [];
  for (const item of diagnostic.related ?? []) {
    const path = item.file ?? entry.path;
    const lines = path === entry.path ? entry.lines : lineIndexOf(path);
    if (!lines) continue;
    const uri = path === entry.path ? entry.uri : pathToUri(path);
    relatedInformation.push({ location: { uri, range: spanToRange(lines, item.span) }, message: item.message });
  }
  return {
    range: spanToRange(entry.lines, diagnostic.span),
    severity: SEVERITY[diagnostic.severity] ?? DiagnosticSeverity.Error,
    code: diagnostic.code,
    ...(diagnostic.docUrl ? { codeDescription: { href: diagnostic.docUrl } } : {}),
    source: 'spl',
    message: diagnostic.message,
    ...(relatedInformation.length > 0 ? { relatedInformation } : {}),
  };
}

/** Related spans may point into other files: prefer the open (possibly unsaved) text, else the disk. */
function relatedLineIndexes(context: ServerContext, entry: AnalyzedDocument): (path: string) => LineIndex | undefined {
  const byPath = new Map<string, LineIndex | undefined>();
  return (path) => {
    if (!byPath.has(path)) {
      const open = context.documents.all().find((d) => uriToPath(d.uri) === path);
      let text: string | undefined = open?.getText();
      if (text === undefined) {
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          context.log.warn(`related information of ${entry.path} points to unreadable ${path}`);
        }
      }
      byPath.set(path, text === undefined ? undefined : new LineIndex(text));
    }
    return byPath.get(path);
  };
}

/**
 * Pushes diagnostics after edits settle: one pending timer per document, so a burst of
 * keystrokes is analysed once, on its last version. A newly opened document is analysed without
 * waiting. The analysis runs in slices (AnalysisJobs) and is dropped when an edit supersedes it.
 */
export class DiagnosticsPublisher {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly opened = new Set<string>();
  /** Until the workspace is loaded, every macro call would look undefined: publish nothing yet. */
  private ready = false;

  constructor(
    private readonly context: ServerContext,
    private readonly send: (params: PublishDiagnosticsParams) => void,
    private readonly settleMs: () => number,
  ) {}

  /** The workspace is (re)loaded: check every open document, those opened while loading included. */
  start(): void {
    this.ready = true;
    this.scheduleAll();
  }

  /** Called for every content change, the one that opens the document included. */
  schedule(document: TextDocument): void {
    if (!this.ready) return;
    const firstTime = !this.opened.has(document.uri);
    this.opened.add(document.uri);
    this.cancel(document.uri);
    const timer = setTimeout(() => void this.publish(document.uri), firstTime ? 0 : this.settleMs());
    this.pending.set(document.uri, timer);
  }

  /** The document was closed: drop its pending work and empty its problems list. */
  clear(uri: string): void {
    this.cancel(uri);
    this.opened.delete(uri);
    this.context.jobs.forget(uri);
    this.context.analyses.close(uri);
    if (splKind(uri)) this.send({ uri, diagnostics: [] });
  }

  /** A macro changed: every open document's expansion may differ now. */
  scheduleAll(exceptUri?: string): void {
    for (const document of this.context.documents.all()) if (document.uri !== exceptUri) this.schedule(document);
  }

  private cancel(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(uri);
  }

  private async publish(uri: string): Promise<void> {
    this.pending.delete(uri);
    const document = this.context.documents.get(uri);
    if (!document) return;
    try {
      const params = await documentDiagnostics(this.context, document);
      if (params && params !== SUPERSEDED) this.send(params);
    } catch (error) {
      this.context.log.error(`diagnostics for ${uri} failed: ${describeError(error)}`);
      // Problems of an older version must not stay on screen as if they were current.
      this.send({ uri, version: document.version, diagnostics: [] });
    }
  }
}
