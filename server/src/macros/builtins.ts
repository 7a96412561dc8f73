import type { MacroEntry } from './macroEntry';

/**
 * Macros every security_content tstats detection calls but that ship with Splunk's CIM app, not
 * with security_content (shared/README.md). A workspace definition of the same name and arity wins.
 * Source: Splunk_SA_CIM default/macros.conf, `[drop_dm_object_name(1)] args = object,
 * definition = rename $object$.* AS *`.
 */
export function builtinMacros(): MacroEntry[] {
  return [
    {
      name: 'drop_dm_object_name',
      arity: 1,
      args: ['object'],
      definitionText: 'rename $object$.* AS *',
      origin: 'builtin',
      description: 'Removes the data model object prefix from field names (Splunk CIM app).',
    },
  ];
}

/**
 * contentctl's rule for a detection's filter macro: lower-case the name and replace each space,
 * `-`, `.` and `/` with `_` (no collapsing), then append `_filter` (shared/README.md).
 */
export function filterMacroName(detectionName: string): string {
  return contentStem(detectionName) + '_filter';
}

/**
 * contentctl's file stem for a piece of content (security_content_object_abstract.py
 * contentNameToFileName): lower case, each space, `-`, `.` and `/` replaced by `_`.
 */
export function contentStem(name: string): string {
  return name.toLowerCase().replace(/[ \-./]/g, '_');
}

export function implicitFilterMacro(name: string): MacroEntry {
  return {
    name,
    arity: 0,
    args: [],
    definitionText: 'search *',
    origin: 'implicit-filter',
    description: 'Filter macro of a detection: contentctl generates it as `search *` for you to tune.',
  };
}
