// A folder given as a log: its .evtx files, read one after another as one log (an EDR collection or
// a copy of C:\Windows\System32\winevt\Logs). Each file keeps its own channel and is named in the
// positions of its events. Only the folder's own files are read: a link to a file elsewhere is
// reported, not followed, so a folder inside the workspace cannot lead a run outside it.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/** How the files of a folder are picked: by this ending, ignoring case (each is then read only if it has the EVTX signature). */
export const EVTX_FILE_EXTENSION = '.evtx';

export interface EvtxFolderEntry {
  path: string;
  /** Why the entry is not read, or undefined when it is. */
  refused?: string;
}

/** The folder's `*.evtx` entries in name order (subfolders are not searched). */
export function evtxFolderEntries(folder: string): EvtxFolderEntry[] {
  const names = readdirSync(folder)
    .filter((name) => name.toLowerCase().endsWith(EVTX_FILE_EXTENSION))
    .sort();
  const realFolder = realpathSync(folder);
  return names.map((name) => {
    const path = join(folder, name);
    try {
      const real = realpathSync(path);
      if (!real.startsWith(realFolder.endsWith(sep) ? realFolder : realFolder + sep)) return { path, refused: `a link to ${real}, outside the folder: not read` };
      if (!statSync(real).isFile()) return { path, refused: 'not a regular file: not read' };
      return { path };
    } catch (error) {
      return { path, refused: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
    }
  });
}
