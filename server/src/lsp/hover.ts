import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { detectionHoverAt } from '../detection/queries';
import { lookupHover } from '../engine/eval/lookupQueries';
import { macroHover } from '../workspace/macroQueries';
import type { ServerContext } from './context';
import { evasionHover } from './evasionViews';
import { displayPath, queryAt } from './workspaceQuery';

/**
 * On a macro call or a macro's name where it is defined: origin, description, arguments, expansions.
 * On a lookup table name: its definition, file and fields. In a detection's YAML: keys, data source and
 * story names, risk message tokens, ATT&CK ids (server/src/detection/hover.ts). On a clause that rejected
 * variants of the last run's hits: those variants (evasionViews.ts).
 */
export function hover(context: ServerContext, params: HoverParams): Hover | null {
  const evasion = evasionHover(context, params.textDocument.uri, params.position);
  if (evasion) return evasion;
  const query = queryAt(context, params.textDocument.uri, params.position);
  if (!query) return null;
  const display = (file: string) => displayPath(context.analyses.roots, file);
  const found =
    macroHover(query.project, query.path, query.offset, display) ??
    lookupHover(query.project, query.path, query.offset, display) ??
    detectionHoverAt(query.project, query.path, query.offset);
  if (!found) return null;
  const range = query.files.range(query.path, found.span);
  return { contents: { kind: MarkupKind.Markdown, value: found.markdown }, ...(range ? { range } : {}) };
}
