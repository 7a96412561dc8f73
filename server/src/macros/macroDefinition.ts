// A macro definition as a file states it (macros/*.yml or a macros.conf stanza), with exact
// positions: what the workspace's readers produce and the macro index consumes.
import type { EmbeddedSearch } from '../text/embeddedSearch';
import type { Span } from '../text/span';

export interface MacroDefinitionProblem {
  /** "its `definition:` is a list, not an SPL string", "it has no `definition:`". */
  reason: string;
  /** In the macro's file: the value, or the name when the key is missing. */
  span: Span;
  /** The key is missing (Splunk merges layers key by key: a lower layer's definition may apply). */
  missing: boolean;
}

export interface MacroDefinitionInfo {
  /** The bare name: `drop_dm_object_name` for the stanza `[drop_dm_object_name(1)]`. */
  name: string;
  /** e.g. 1 for `[name(1)]`; from `arguments:` length in YAML */
  arity: number;
  args: string[];
  /** The definition with its offset map. An `iseval` definition is here but not in `searches`. */
  definition?: EmbeddedSearch;
  /** Why there is no definition (missing, a list, a number ...), where the file says so. */
  definitionProblem?: MacroDefinitionProblem;
  description?: string;
  iseval?: boolean;
  validation?: string;
  errormsg?: string;
  /** YAML: the `name:` value; conf: the name inside the stanza brackets. */
  nameSpan: Span;
  /** YAML: the whole document; conf: the stanza header through its last setting. */
  stanzaSpan: Span;
}

/** A file's macro definitions, as the index takes them (a workspace document is one). */
export interface MacroSource {
  path: string;
  /** `macro-yaml` and `macros-conf` files define macros; other kinds define none. */
  kind: string;
  macros?: readonly MacroDefinitionInfo[];
}
