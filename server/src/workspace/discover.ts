import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { classifyPath } from './documents';

/** What a walk found: the files, and the symbolic links to folders it followed (watchers need them). */
export interface WalkResult {
  files: string[];
  /** Each followed link to a folder, by the path it has in the walk (not its target). */
  linkedFolders: string[];
}

/**
 * Every file under the given files/folders that `accept` takes, sorted, skipping node_modules and
 * dot-folders. A given path is taken as it is (even a dot-folder); paths that do not exist or cannot
 * be read are skipped. Symbolic links are followed, to files and to folders (teams link a shared
 * macros/ or lookups/ checkout into their content repository); each real folder is walked once, so
 * a link back to an ancestor ends the walk there, and a file reached by two paths is listed once,
 * under the first path in sorted order.
 */
export function walkFiles(paths: string[], accept: (path: string) => boolean): WalkResult {
  const walk = new Walk(accept);
  for (const path of [...paths].sort()) {
    const stats = statOrUndefined(path);
    if (stats?.isDirectory()) walk.folder(path, false);
    else if (stats?.isFile()) walk.file(path);
  }
  return { files: [...walk.files].sort(), linkedFolders: walk.linkedFolders };
}

/** Every file the workspace reads (classifyPath accepts it) under the given files/folders. */
export function discoverWorkspace(paths: string[]): WalkResult {
  return walkFiles(paths, (path) => classifyPath(path) !== undefined);
}

export function discoverFiles(paths: string[]): string[] {
  return discoverWorkspace(paths).files;
}

class Walk {
  readonly files = new Set<string>();
  readonly linkedFolders: string[] = [];
  private readonly realFolders = new Set<string>();
  private readonly realFiles = new Set<string>();

  constructor(private readonly accept: (path: string) => boolean) {}

  folder(path: string, isLink: boolean): void {
    const real = realOrUndefined(path);
    if (real === undefined || this.realFolders.has(real)) return;
    this.realFolders.add(real);
    if (isLink) this.linkedFolders.push(path);
    let names: string[];
    try {
      names = readdirSync(path).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const child = join(path, name);
      const stats = statOrUndefined(child);
      if (stats?.isDirectory()) {
        if (name !== 'node_modules' && !name.startsWith('.')) this.folder(child, isSymbolicLink(child));
      } else if (stats?.isFile()) {
        this.file(child);
      }
    }
  }

  file(path: string): void {
    if (!this.accept(path)) return;
    const real = realOrUndefined(path);
    if (real === undefined || this.realFiles.has(real)) return;
    this.realFiles.add(real);
    this.files.add(path);
  }
}

/** The target's stats (undefined for a dangling link, a link loop or an unreadable entry). */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
