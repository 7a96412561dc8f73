import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Document URI <-> file path. node:url is enough here: the server only analyses `file:` documents
 * (untitled and virtual documents have no path to classify), so no vscode-uri dependency.
 */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}
