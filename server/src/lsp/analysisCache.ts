import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type DocumentAnalysis } from '../workspace/analyze';
import { classifyPath, readSplDocument } from '../workspace/documents';
import { LineIndex } from '../text/lineIndex';
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

/**
 * The latest analysis of each open document, keyed by uri and version: every feature asking
 * about the same version shares one parse, and an edit makes the next request re-analyse.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, AnalyzedDocument>();

  /** Undefined for documents that are not SPL sources (other YAML, untitled buffers ...). */
  get(document: TextDocument): AnalyzedDocument | undefined {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const path = uriToPath(document.uri);
    if (path === undefined || !isSplSource(path)) return undefined;
    const text = document.getText();
    const analysis = analyzeDocument(readSplDocument(path, text));
    const entry: AnalyzedDocument = { uri: document.uri, version: document.version, path, text, lines: new LineIndex(text), analysis };
    this.entries.set(document.uri, entry);
    return entry;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

export function isSplSource(path: string): boolean {
  return Boolean(classifyPath(path));
}
