// The extension's own protocol, shared by the server and the client (client/src imports this file):
// command ids, their arguments and results, and the settings the server reads. Plain constants and
// types only, so the client bundle pulls in nothing from the server.

/** `workspace/executeCommand`: arguments [documentUri: string, position?: {line, character}]. */
export const EXPAND_MACROS_COMMAND = 'spl.expandMacros';

/** The answer to EXPAND_MACROS_COMMAND; null when the document holds no search. */
export interface ExpandMacrosResult {
  /** Which search was expanded: `search`, `drilldown_searches[1].search`, `macro process_msiexec` ... */
  label: string;
  /** The fully expanded search, one command per line. */
  text: string;
  /** False when a macro could not be expanded (undefined, cycle ...): the text keeps that call. */
  complete: boolean;
}

/** The settings section the server reads with workspace/configuration. */
export const SETTINGS_SECTION = 'splDetect';

export interface SplDetectSettings {
  /** Extra folders of macro files, relative to the workspace folder (or absolute). */
  macroFolders?: string[];
}
