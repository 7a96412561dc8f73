import type { Span } from './span';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Another place that explains a diagnostic, e.g. the macro definition a finding came through. */
export interface RelatedLocation {
  /** Absolute path of the file; undefined means the same file as the diagnostic. */
  file?: string;
  span: Span;
  message: string;
}

/**
 * A finding with a span in one text. Which text depends on the producer: the parser reports
 * spans in the SPL string it parsed; the workspace layer maps them into the file text.
 */
export interface Diagnostic {
  span: Span;
  severity: Severity;
  /** Stable id, e.g. `SPL001` (syntax) or `SPL101` (a lint rule); see docs/diagnostics.md. */
  code: string;
  message: string;
  related?: RelatedLocation[];
  /** A certain fix, in the same coordinates as `span`. */
  fix?: Fix;
  /** A page that explains the code (lint rules link their doc). */
  docUrl?: string;
}

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix also renames the diagnostic's file to this absolute path (after the edits). */
  renameTo?: string;
}
