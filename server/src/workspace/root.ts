import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The workspace root for a file or folder: the nearest folder, starting at the path itself (or its
 * folder for a file) and going up, that holds `macros/` or `detections/`. Falls back to that start.
 */
export function findWorkspaceRoot(path: string): string {
  const absolute = resolve(path);
  const start = isDirectory(absolute) ? absolute : dirname(absolute);
  for (let dir = start; ; dir = dirname(dir)) {
    if (isDirectory(join(dir, 'macros')) || isDirectory(join(dir, 'detections'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/**
 * The `lookups/` folder a file's searches read: that of the nearest folder, going up from the file's,
 * that holds `lookups/` or a `transforms.conf` in `default/` or `local/` (a Splunk app), not above the
 * workspace root (the folder holding `detections/` or `macros/`, when there is one); otherwise
 * `lookups/` in the workspace root (it may not exist).
 */
export function findLookupsFolder(path: string): string {
  const absolute = resolve(path);
  const start = isDirectory(absolute) ? absolute : dirname(absolute);
  const root = findWorkspaceRoot(path);
  const bounded = isDirectory(join(root, 'macros')) || isDirectory(join(root, 'detections'));
  for (let dir = start; ; dir = dirname(dir)) {
    if (isDirectory(join(dir, 'lookups')) || existsSync(join(dir, 'default', 'transforms.conf')) || existsSync(join(dir, 'local', 'transforms.conf'))) {
      return join(dir, 'lookups');
    }
    if ((bounded && dir === root) || dirname(dir) === dir) return join(root, 'lookups');
  }
}

function isDirectory(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}
