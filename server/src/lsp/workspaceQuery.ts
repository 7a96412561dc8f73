import { isAbsolute, relative, sep } from 'node:path';
import type { Location, Position, Range } from 'vscode-languageserver';
import type { FileLocation } from '../workspace/macroQueries';
import { LineIndex } from '../text/lineIndex';
import type { Span } from '../text/span';
import type { Project } from '../workspace/project';
import type { ServerContext } from './context';
import { spanToRange } from './positions';
import { pathToUri } from './uris';

/** A position request about one document, resolved against the whole workspace. */
export interface WorkspaceQuery {
  project: Project;
  path: string;
  /** The request position as an offset in the document's current text. */
  offset: number;
  /** Ranges of spans in any file of the project (the request document included). */
  files: FileRanges;
}

/**
 * Undefined for documents the server does not know or that hold no SPL. The project holds the
 * request's document at its current version; other open documents are as their last analysis
 * left them (at most one quiet period behind the editor) unless the query edits or lists calls
 * across the workspace (`everyOpenDocument`: references, rename), which must see unsaved text.
 */
export function queryAt(context: ServerContext, uri: string, position: Position | undefined, scope: { everyOpenDocument?: boolean } = {}): WorkspaceQuery | undefined {
  // A malformed position (negative, not a number) asks about no place: answering at offset 0 would be a guess.
  if (position && !(isCount(position.line) && isCount(position.character))) return undefined;
  const document = context.documents.get(uri);
  if (!document) return undefined;
  const project = scope.everyOpenDocument ? context.analyses.workspace(context.documents.all()) : context.analyses.project;
  const entry = context.analyses.sync(document);
  if (!entry || !project.document(entry.path)) return undefined;
  const offset = position ? entry.lines.offsetAt(position) : 0;
  return { project, path: entry.path, offset, files: new FileRanges(project) };
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Spans of project files as LSP ranges; the line index of each file is built once per request. */
export class FileRanges {
  private readonly lineIndexes = new Map<string, LineIndex | undefined>();

  constructor(private readonly project: Project) {}

  range(path: string, span: Span): Range | undefined {
    if (!this.lineIndexes.has(path)) {
      const text = this.project.document(path)?.text;
      this.lineIndexes.set(path, text === undefined ? undefined : new LineIndex(text));
    }
    const lines = this.lineIndexes.get(path);
    return lines && spanToRange(lines, span);
  }

  location(target: FileLocation): Location | undefined {
    const range = this.range(target.path, target.span);
    return range && { uri: pathToUri(target.path), range };
  }
}

/** A file as the user knows it: relative to the workspace folder holding it (`/` separated). */
export function displayPath(roots: readonly string[], path: string): string {
  const candidates = roots.map((root) => relative(root, path)).filter((rel) => rel !== '' && !isAbsolute(rel));
  const inside = candidates.filter((rel) => !rel.startsWith('..'));
  const best = (inside.length > 0 ? inside : candidates).sort((a, b) => a.length - b.length)[0];
  return best === undefined ? path : best.split(sep).join('/');
}
