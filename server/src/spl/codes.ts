/** Diagnostic codes the SPL parser emits. Documented in docs/diagnostics.md; keep both in step. */
export const ParseCode = {
  unterminatedString: 'SPL001',
  unterminatedMacro: 'SPL002',
  unterminatedComment: 'SPL003',
  unclosedBracket: 'SPL004',
  unmatchedClosingBracket: 'SPL005',
  emptyStage: 'SPL006',
  missingValue: 'SPL007',
  unexpectedToken: 'SPL008',
  missingCommandPart: 'SPL009',
  nestingTooDeep: 'SPL010',
  emptyGroup: 'SPL011',
  danglingOperator: 'SPL012',
  missingCommandName: 'SPL013',
  unexpectedArgument: 'SPL014',
  malformedMacroCall: 'SPL015',
  searchTooLong: 'SPL016',
} as const;

export type ParseCodeValue = (typeof ParseCode)[keyof typeof ParseCode];
