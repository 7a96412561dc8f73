import type { Span } from '../text/span';
import type { MacroEntry } from './macroEntry';

/** One macro call being expanded, linked to the call that produced it. */
export interface ExpansionFrame {
  macro: MacroEntry;
  /** Argument values bound by name, quotes removed. */
  args: Record<string, string>;
  /** The frame whose text holds this call; undefined when the call is written in the root search. */
  parent: ExpansionFrame | undefined;
  /** The call as written in its parent's text (root search or the parent macro's definition). */
  callSpan: Span;
  /** The outermost call, in the root search, that led here: where findings inside are reported. */
  rootCallSpan: Span;
  depth: number;
}

/** The frames from the outermost call down to `frame`. */
export function frameChain(frame: ExpansionFrame): ExpansionFrame[] {
  const chain: ExpansionFrame[] = [];
  for (let f: ExpansionFrame | undefined = frame; f; f = f.parent) chain.unshift(f);
  return chain;
}
