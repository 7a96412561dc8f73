import { ErrorCodes, ResponseError, type ExecuteCommandParams, type Position } from 'vscode-languageserver';
import { expandedSearchAt } from '../workspace/macroQueries';
import { LineIndex } from '../text/lineIndex';
import type { ServerContext } from './context';
import { EXPAND_MACROS_COMMAND, type ExpandMacrosResult } from './protocol';
import { uriToPath } from './uris';

export const COMMANDS = [EXPAND_MACROS_COMMAND];

/** `spl.expandMacros [uri, position?]`: the search at the position (else the main one), fully expanded. */
export function executeCommand(context: ServerContext, params: ExecuteCommandParams): ExpandMacrosResult | null {
  if (params.command !== EXPAND_MACROS_COMMAND) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${params.command}`);
  const [uri, position] = params.arguments ?? [];
  if (typeof uri !== 'string' || (position !== undefined && position !== null && !isPosition(position))) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${EXPAND_MACROS_COMMAND} takes [documentUri, position?]`);
  }
  const path = uriToPath(uri);
  const project = context.analyses.workspace(context.documents.all());
  // Documents that are not open are read from the project: the command may name any file.
  const text = path === undefined ? undefined : project.document(path)?.text;
  if (path === undefined || text === undefined) return null;
  const offset = isPosition(position) ? new LineIndex(text).offsetAt(position) : undefined;
  return expandedSearchAt(project, path, offset) ?? null;
}

function isPosition(value: unknown): value is Position {
  const candidate = value as Position | null | undefined;
  return typeof candidate?.line === 'number' && typeof candidate.character === 'number';
}
