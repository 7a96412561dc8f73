// What a run may read besides the files the user named: the workspace and the folders the user
// configured (editor settings, --samples, --macros ...), after symbolic links are resolved. A path a
// workspace file names (an attack_data_map.json entry, a lookup table, a sample found by its file
// name) is read only when its real path lies inside one of them: CI prints what `spl-detect run` and
// `test` read into a public log, so a pull request must not be able to name /etc/passwd, nor link to
// it. Logs and tables must also be regular files: a named pipe blocks the reader and a device such as
// /dev/zero never ends.
import { realpathSync, statSync, type Stats } from 'node:fs';
import { resolve, sep } from 'node:path';
import { evtxFolderEntries } from './evtxFolder';

export type ConfinedPath = { ok: true; path: string } | { ok: false; reason: string };

export class ReadScope {
  /** The real paths of the folders that exist. */
  readonly folders: readonly string[];

  constructor(folders: Iterable<string>) {
    const real = new Set<string>();
    for (const folder of folders) {
      const path = realPathOf(resolve(folder));
      if (path !== undefined) real.add(path);
    }
    this.folders = [...real];
  }

  /** A scope of these folders and the given ones. */
  with(folders: Iterable<string>): ReadScope {
    return new ReadScope([...this.folders, ...folders]);
  }

  contains(realPath: string): boolean {
    return this.folders.some((folder) => realPath === folder || realPath.startsWith(folder.endsWith(sep) ? folder : folder + sep));
  }

  /**
   * The real path of `path` when it lies inside the scope, else why it is refused. `what` starts the
   * reason: "the log", "lookup 'users'" ...
   */
  confine(path: string, what: string): ConfinedPath {
    const absolute = resolve(path);
    const real = realPathOf(absolute);
    if (real === undefined) return { ok: false, reason: `${what}: ${absolute} does not exist` };
    if (this.contains(real)) return { ok: true, path: real };
    const target = real === absolute ? '' : ` (a link to ${real})`;
    return { ok: false, reason: `${what}: ${absolute}${target} is outside ${this.describe()}, so it is not read` };
  }

  /** `confine`, and the file must be a regular file (see notARegularFile). */
  regularFile(path: string, what: string): ConfinedPath {
    const confined = this.confine(path, what);
    if (!confined.ok) return confined;
    const problem = notARegularFile(confined.path, `${what}: ${resolve(path)}`);
    return problem === undefined ? confined : { ok: false, reason: problem };
  }

  /** `confine`, and a log (see notALog). */
  log(path: string, what: string): ConfinedPath {
    const confined = this.confine(path, what);
    if (!confined.ok) return confined;
    const problem = notALog(confined.path, `${what}: ${resolve(path)}`);
    return problem === undefined ? confined : { ok: false, reason: problem };
  }

  /** The folders for a message: "the workspace (/a, /b)". */
  describe(): string {
    if (this.folders.length === 0) return 'the workspace (no folder is open)';
    return `the workspace and the configured folders (${this.folders.join(', ')})`;
  }
}

/**
 * Why `path` cannot be read as a log or a table, undefined for a regular file. `what` starts the
 * reason: "the log: /tmp/x".
 */
export function notARegularFile(path: string, what = path): string | undefined {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${what} does not exist` : `${what} cannot be read (${code ?? String(error)})`;
  }
  if (stats.isFile()) return undefined;
  return `${what} is ${kindOf(stats)}, not a regular file: only regular files are read`;
}

/**
 * Why `path` cannot be read as a log, undefined for a regular file or a folder holding .evtx files
 * (the engine reads those as one log; evtxFolder.ts). `what` starts the reason.
 */
export function notALog(path: string, what = path): string | undefined {
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    // notARegularFile says why.
  }
  if (!isFolder) return notARegularFile(path, what);
  return evtxFolderEntries(path).length > 0 ? undefined : `${what} is a folder without .evtx files: a folder is read as the .evtx files in it`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
