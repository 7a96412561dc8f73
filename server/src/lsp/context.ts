import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisCache } from './analysisCache';
import type { AnalysisJobs } from './analysisJobs';
import type { EvasionChecks } from './evasionChecks';
import type { RunStore } from './runStore';

export interface ServerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What the client said it supports (filled in by `initialize`). */
export interface ClientSupport {
  /** WorkspaceEdit.documentChanges: versioned edits. */
  documentChanges: boolean;
  /** WorkspaceEdit resource operations include `rename`: a quick fix may rename a file. */
  renameFiles?: boolean;
  /** `workspace/configuration`: the server pulls its settings. */
  configuration: boolean;
  /** Dynamic `workspace/didChangeWatchedFiles` registration with relative patterns: the server watches linked folders. */
  relativeFileWatchers: boolean;
}

/** Everything a feature handler may use; created once in server.ts and passed to every handler. */
export interface ServerContext {
  documents: TextDocuments<TextDocument>;
  analyses: AnalysisCache;
  /** Each open document's analysis, computed in slices between other messages. */
  jobs: AnalysisJobs;
  log: ServerLog;
  client: ClientSupport;
  /** The last detection run of each document (CodeLens, inlay hints, results). */
  runs: RunStore;
  /** The evasion check of each document's last run with hits (CodeLens, inlay hints, hover, quick fixes). */
  evasions: EvasionChecks;
  /** Whether the client trusts the workspace (initializationOptions.workspaceTrusted, then its notifications). */
  workspaceTrusted: boolean;
}
