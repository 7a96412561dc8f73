import type { DefinitionParams, Location } from 'vscode-languageserver';
import { definitionLocation, macroAt } from '../macros/queries';
import type { ServerContext } from './context';
import { queryAt } from './workspaceQuery';

/**
 * The definition a macro call resolves to (local/ over default/, as Splunk layers them): the
 * `name:` value of a macro YAML or the name of a macros.conf stanza. Built-in and implicit filter
 * macros are not defined in any file: no location.
 */
export function definition(context: ServerContext, params: DefinitionParams): Location | null {
  const query = queryAt(context, params.textDocument.uri, params.position);
  const entry = query && macroAt(query.project, query.path, query.offset)?.entry;
  const location = entry && definitionLocation(entry);
  return (query && location && query.files.location(location)) ?? null;
}
