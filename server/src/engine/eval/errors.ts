import type { Span } from '../../text/span';

/** Codes of run problems (docs/semantics.md, "Run problems"). */
export const RunCode = {
  unsupportedCommand: 'RUN001',
  unsupportedFunction: 'RUN002',
  unsupportedRegex: 'RUN003',
  invalidArgument: 'RUN004',
  notRunnable: 'RUN005',
  limit: 'RUN006',
  logError: 'RUN007',
  ignored: 'RUN008',
  unmapped: 'RUN009',
  missingField: 'RUN010',
} as const;

/**
 * A problem that stops a run (or, as a warning, qualifies it). `span` is in the EXPANDED search text;
 * runDetection maps it to the file the user edits.
 */
export class RunError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

export interface RunWarning {
  code: string;
  message: string;
  span: Span;
}
