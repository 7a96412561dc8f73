import { isScalar, type CST, type Scalar } from 'yaml';
import type { Span } from '../text/span';
import { coarseMappedText, type MappedText } from '../text/mappedText';
import { decodeBlockScalar, parseBlockScalarHeader } from './yamlBlockScalar';
import { decodeFlowScalar } from './yamlFlowScalar';

export interface MappedScalar {
  mapped: MappedText;
  /** The whole scalar in the file: quotes, block header and body included. */
  fileSpan: Span;
  /** False when the exact decoder disagreed with the package and every offset maps to fileSpan. */
  exact: boolean;
}

/**
 * Decodes a parsed scalar again from its source token, with a map from each decoded character to
 * the file. The result's text is always the `yaml` package's string value: the exact decoder's
 * text is checked against it and replaced by a coarse map if they ever differ.
 */
export function mapScalar(fileText: string, node: Scalar): MappedScalar | undefined {
  if (!isScalar(node)) return undefined;
  const expected = typeof node.source === 'string' ? node.source : typeof node.value === 'string' ? node.value : undefined;
  if (expected === undefined) return undefined;
  const token = (node as Scalar.Parsed).srcToken;
  const exact = token ? decodeToken(fileText, token) : undefined;
  if (exact && exact.mapped.text === expected) return { ...exact, exact: true };
  const range = node.range;
  const fileSpan = exact?.fileSpan ?? (range ? { start: range[0], end: range[1] } : { start: 0, end: 0 });
  return { mapped: coarseMappedText(expected, fileSpan), fileSpan, exact: false };
}

function decodeToken(fileText: string, token: CST.FlowScalar | CST.BlockScalar): { mapped: MappedText; fileSpan: Span } | undefined {
  if (token.type === 'block-scalar') {
    const header = token.props[0];
    if (!header || header.type !== 'block-scalar-header') return undefined;
    let headerLength = 0;
    for (const prop of token.props) {
      if ('source' in prop && typeof prop.source === 'string') headerLength += prop.source.length;
    }
    const bodyStart = token.offset + headerLength;
    if (!sitsAt(fileText, token.offset, header.source) || !sitsAt(fileText, bodyStart, token.source)) return undefined;
    const mapped = decodeBlockScalar(parseBlockScalarHeader(header.source), token.source, bodyStart, token.indent);
    return { mapped, fileSpan: { start: token.offset, end: bodyStart + token.source.length } };
  }
  if (token.type === 'alias' || !sitsAt(fileText, token.offset, token.source)) return undefined;
  const mapped = decodeFlowScalar(token.type, token.source, token.offset);
  return { mapped, fileSpan: { start: token.offset, end: token.offset + token.source.length } };
}

function sitsAt(fileText: string, offset: number, source: string): boolean {
  return fileText.startsWith(source, offset);
}
