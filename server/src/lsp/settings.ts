import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Connection } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { SETTINGS_SECTION, type SplDetectSettings } from './protocol';
import { pathToUri } from './uris';

/**
 * The extra macro folders of `splDetect.macroFolders`, each resolved against the workspace folder
 * whose setting names it. Pulled with workspace/configuration when the client supports it (so
 * folder-level settings apply), else taken from the didChangeConfiguration payload.
 */
export async function readMacroFolders(connection: Connection, context: ServerContext, roots: readonly string[], pushed: unknown): Promise<string[]> {
  const scopes = roots.length > 0 ? roots : [undefined];
  const sections: unknown[] = context.client.configuration
    ? await connection.workspace.getConfiguration(scopes.map((root) => ({ section: SETTINGS_SECTION, ...(root ? { scopeUri: pathToUri(root) } : {}) })))
    : scopes.map(() => (pushed as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION]);
  const folders = new Set<string>();
  scopes.forEach((root, i) => {
    const value = (sections[i] as SplDetectSettings | null | undefined)?.macroFolders;
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) {
      context.log.warn(`${SETTINGS_SECTION}.macroFolders must be a list of folder paths`);
      return;
    }
    for (const folder of value) {
      if (typeof folder !== 'string' || folder.trim() === '' || (!root && !isAbsolute(folder))) {
        context.log.warn(`${SETTINGS_SECTION}.macroFolders: ignoring ${JSON.stringify(folder)} (a folder path, relative to the workspace folder)`);
        continue;
      }
      const path = resolve(root ?? '', folder);
      if (!existsSync(path)) context.log.warn(`${SETTINGS_SECTION}.macroFolders: ${path} does not exist`);
      folders.add(path);
    }
  });
  return [...folders];
}
