import type { DefinitionParams, Location } from 'vscode-languageserver';
import { lookupDefinitionAt } from '../engine/eval/lookupQueries';
import { definitionLocation, macroAt } from '../workspace/macroQueries';
import { LineIndex } from '../text/lineIndex';
import type { ServerContext } from './context';
import { spanToRange } from './positions';
import { pathToUri } from './uris';
import { queryAt } from './workspaceQuery';

/**
 * The definition a macro call resolves to (local/ over default/, as Splunk layers them): the
 * `name:` value of a macro YAML or the name of a macros.conf stanza. Built-in and implicit filter
 * macros are not defined in any file: no location. A lookup table name goes to the `name:` of its
 * `lookups/*.yml` definition (or the CSV a bare file name reads).
 */
export function definition(context: ServerContext, params: DefinitionParams): Location | null {
  const query = queryAt(context, params.textDocument.uri, params.position);
  if (!query) return null;
  const entry = macroAt(query.project, query.path, query.offset)?.entry;
  const location = entry && definitionLocation(entry);
  if (location) return query.files.location(location) ?? null;
  const lookup = lookupDefinitionAt(query.project, query.path, query.offset);
  return lookup ? { uri: pathToUri(lookup.path), range: spanToRange(new LineIndex(lookup.text), lookup.span) } : null;
}
