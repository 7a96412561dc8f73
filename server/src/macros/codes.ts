/** The macro diagnostics, documented in docs/diagnostics.md. */
export const MACRO_CODES: Record<string, { name: string; summary: string }> = {
  MAC001: { name: 'undefined-macro', summary: 'The macro is not defined in the workspace, the extra macro folders or the built-ins.' },
  MAC002: { name: 'wrong-argument-count', summary: 'The macro exists, but not with this number of arguments.' },
  MAC003: { name: 'macro-cycle', summary: 'The macro calls itself through its definition.' },
  MAC004: { name: 'macro-too-deep', summary: 'Macro calls nest deeper than the expansion bound.' },
  MAC005: { name: 'duplicate-macro', summary: 'The same macro and arity is defined twice in one layer.' },
  MAC006: { name: 'unused-macro', summary: 'No search or macro in the workspace calls this macro.' },
  MAC007: { name: 'filter-macro-mismatch', summary: "The detection's filter macro is not the one contentctl derives from its name." },
  MAC008: { name: 'iseval-not-constant', summary: 'An eval-based macro whose definition needs Splunk to evaluate.' },
  MAC009: { name: 'malformed-macro-call', summary: 'A backtick call that is not closed or has no valid name.' },
  MAC011: { name: 'expansion-too-large', summary: 'Expanding the call would pass the bound on substituted characters or expanded calls.' },
  MAC012: { name: 'macro-without-definition', summary: 'The macro has no usable definition (missing, a list, a number): the call cannot be expanded.' },
};
