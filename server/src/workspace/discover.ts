import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { classifyPath } from './documents';

/**
 * Every file under the given files/folders that classifyPath accepts, sorted, skipping
 * node_modules and dot-folders. A given path is taken as it is (even a dot-folder); paths that do
 * not exist or cannot be read are skipped. Symbolic links to folders are not followed, so a link
 * cycle cannot loop.
 */
export function discoverFiles(paths: string[]): string[] {
  const found = new Set<string>();
  for (const path of paths) {
    const stats = statOrUndefined(path);
    if (!stats) continue;
    if (stats.isDirectory()) walk(path, found);
    else if (stats.isFile() && classifyPath(path)) found.add(path);
  }
  return [...found].sort();
}

function walk(folder: string, found: Set<string>): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      walk(path, found);
    } else if (classifyPath(path) && (entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(path)?.isFile()))) {
      found.add(path);
    }
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
