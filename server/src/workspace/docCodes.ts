/**
 * Codes of the problems the document layer finds in YAML and .conf files (before any SPL is
 * parsed). Spans are in file offsets.
 */
export const DOC = {
  /** The YAML parser could not read part of the file (bad indentation, unterminated quote, tab ...). */
  YAML_SYNTAX: 'DOC001',
  /** The YAML parser read the file but warns about something. */
  YAML_WARNING: 'DOC002',
  /** A mapping has the same key twice; the last one is used. */
  DUPLICATE_KEY: 'DOC003',
  /** The YAML document holds nothing. */
  EMPTY: 'DOC004',
  /** The file holds NUL characters: not text. */
  BINARY: 'DOC005',
  /**
   * A quoted value continues on a line not indented more than its key: YAML 1.2 rejects it,
   * PyYAML (contentctl) accepts it; the value is read as PyYAML reads it.
   */
  UNDER_INDENTED_CONTINUATION: 'DOC006',
  /** The file is longer than MAX_DOCUMENT_LENGTH (documents.ts): it is not read for SPL. */
  TOO_LARGE: 'DOC009',
  /** The top of a detection or macro YAML is not a mapping of keys. */
  NOT_A_MAPPING: 'DOC010',
  /** `search:`, `definition:` ... is not a string. */
  NOT_A_STRING: 'DOC011',
  /** Macro YAML `arguments:` is not a list of names. */
  BAD_ARGUMENTS: 'DOC012',
  /** A value whose YAML aliases expand past MAX_ALIAS_NODES nodes (an alias bomb): not read. */
  ALIAS_BOMB: 'DOC013',
  /** A detection's `tests[].attack_data` is not a list of mappings (data:, source:, sourcetype:). */
  BAD_ATTACK_DATA: 'DOC014',
  /** A .conf line is neither `[stanza]`, `key = value` nor a `#` comment; Splunk ignores it. */
  CONF_BAD_LINE: 'DOC030',
  /** A .conf stanza header lacks its closing `]`. */
  CONF_UNCLOSED_STANZA: 'DOC031',
  /** A .conf stanza appears twice in one file; Splunk merges them, later keys win. */
  CONF_DUPLICATE_STANZA: 'DOC032',
  /** A .conf key appears twice in one stanza; the last value wins. */
  CONF_DUPLICATE_KEY: 'DOC033',
  /** A macro's `args` do not match the argument count in its stanza name `[name(N)]`. */
  MACRO_ARITY_MISMATCH: 'DOC034',
  /** A macros.conf stanza name is not `name` or `name(N)`. */
  MACRO_BAD_STANZA: 'DOC035',
  /** A macro has no definition. */
  MACRO_NO_DEFINITION: 'DOC036',
} as const;
