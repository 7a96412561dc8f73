import { readFileSync } from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { classifyContentPath } from '../detection/contentFiles';
import type { DocumentAnalysis } from '../workspace/analyze';
import { classifyPath, type DocumentKind } from '../workspace/documents';
import { Project } from '../workspace/project';
import { LineIndex } from '../text/lineIndex';
import type { Steps } from '../text/steps';
import { uriToPath } from './uris';

/** One analysed version of an open document, with the line index its positions need. */
export interface AnalyzedDocument {
  uri: string;
  version: number;
  path: string;
  text: string;
  lines: LineIndex;
  analysis: DocumentAnalysis;
}

interface OpenVersion {
  version: number;
  path: string;
  text: string;
  lines: LineIndex;
}

/**
 * The workspace as the editor sees it: the project loaded from disk, with open documents' text in
 * place of their files. An edit changes only the editor's text: a document's version is put into
 * the project when something needs it (its analysis, a request on it, a query across the
 * workspace). Text and line index are kept per uri and version; the analysis comes from the
 * project, which re-analyses only when the file or a macro changed.
 */
export class AnalysisCache {
  private current = new Project();
  private readonly open = new Map<string, OpenVersion>();
  private folders: string[] = [];
  /** Called when an open macro, data source or story file, or a detection's id or name, changed in the project: other documents' analyses may differ. */
  onSharedChange: (uri: string) => void = () => undefined;

  /**
   * Reads the workspace folders' files and the extra macro folders (returns how many files hold
   * SPL); open documents keep their editor text.
   */
  loadWorkspace(roots: string[], macroFolders: string[] = []): number {
    this.folders = [...roots];
    this.current = Project.load(roots, macroFolders);
    for (const [, entry] of this.open) this.current.upsert(entry.path, entry.text);
    return this.current.documents().length;
  }

  /** The symbolic links to folders the last load followed. */
  get linkedFolders(): readonly string[] {
    return this.current.linkedFolders;
  }

  /** The workspace folders of the last load. */
  get roots(): readonly string[] {
    return this.folders;
  }

  /**
   * The project with every open document's current text in it: queries that look at other files
   * (references, rename) must see what the editor shows, not what is on disk.
   */
  workspace(documents: readonly TextDocument[]): Project {
    for (const document of documents) this.sync(document);
    return this.current;
  }

  /** The project as it is: open documents at the version last put into it. */
  get project(): Project {
    return this.current;
  }

  /** Changes when a data source, story, detection id/name or the ATT&CK bundle changes: detections' checks may differ. */
  get contentGeneration(): number {
    return this.current.content.generation;
  }

  /** The version of an open document the project holds, if it is open. */
  openVersion(path: string): number | undefined {
    for (const entry of this.open.values()) if (entry.path === path) return entry.version;
    return undefined;
  }

  /** Makes the project see this version of the document (once per version). */
  sync(document: TextDocument): OpenVersion | undefined {
    const cached = this.open.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const path = uriToPath(document.uri);
    // Data sources and stories are not analysed, but detections read them: the project must see their edits.
    if (path === undefined || (!classifyPath(path) && !classifyContentPath(path))) return undefined;
    const text = document.getText();
    const entry: OpenVersion = { version: document.version, path, text, lines: new LineIndex(text) };
    this.open.set(document.uri, entry);
    const changed = this.current.text(path) !== text;
    const content = this.current.content.generation;
    this.current.upsert(path, text);
    // A macro, a data source, a story or a detection's id/name changed: other documents' checks may differ.
    if (changed && (definesMacros(document.uri) || this.current.content.generation !== content)) this.onSharedChange(document.uri);
    return entry;
  }

  /**
   * The analysis of the document's current version, in steps (AnalysisJobs runs them between other
   * messages); undefined for documents that are not SPL sources (other YAML, untitled buffers ...).
   */
  *analysisSteps(document: TextDocument): Steps<AnalyzedDocument | undefined> {
    const entry = this.sync(document);
    if (!entry) return undefined;
    yield;
    const analysis = yield* this.current.analysisSteps(entry.path);
    if (!analysis) return undefined;
    return { uri: document.uri, version: entry.version, path: entry.path, text: entry.text, lines: entry.lines, analysis };
  }

  /** The editor closed the document: the project goes back to the file on disk. */
  close(uri: string): void {
    const entry = this.open.get(uri);
    this.open.delete(uri);
    if (entry) this.reloadFromDisk(entry.path);
  }

  /** A file changed on disk; open documents keep their editor text. */
  fileChanged(path: string): void {
    if ([...this.open.values()].some((entry) => entry.path === path)) return;
    this.reloadFromDisk(path);
  }

  private reloadFromDisk(path: string): void {
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = undefined;
    }
    if (text === undefined) this.current.remove(path);
    else this.current.upsert(path, text);
  }
}

export function splKind(uri: string): DocumentKind | undefined {
  const path = uriToPath(uri);
  return path === undefined ? undefined : classifyPath(path);
}

/** Macro files change what other documents' searches expand to. */
export function definesMacros(uri: string): boolean {
  const kind = splKind(uri);
  return kind === 'macro-yaml' || kind === 'macros-conf';
}
