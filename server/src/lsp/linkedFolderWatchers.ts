import { DidChangeWatchedFilesNotification, type Connection, type Disposable } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { describeError } from './guard';
import { WATCHED_FILES_GLOB } from './protocol';
import { pathToUri } from './uris';

/**
 * Editors' file watchers do not follow symbolic links inside a workspace, so a linked macros/ or
 * detections/ folder would never report its changes. After each load the server asks the client to
 * watch every linked folder the load followed (a watcher whose base is the link itself follows it);
 * events then arrive with the link's paths, which are the project's.
 */
export class LinkedFolderWatchers {
  private registration: Promise<Disposable | undefined> = Promise.resolve(undefined);
  private watched = '';

  constructor(
    private readonly connection: Connection,
    private readonly context: ServerContext,
  ) {}

  update(): void {
    if (!this.context.client.relativeFileWatchers) return;
    const folders = [...this.context.analyses.linkedFolders];
    const key = folders.join('\n');
    if (key === this.watched) return;
    this.watched = key;
    const previous = this.registration;
    this.registration = previous.then(async (old) => {
      old?.dispose();
      if (folders.length === 0) return undefined;
      const watchers = folders.map((folder) => ({ globPattern: { baseUri: pathToUri(folder), pattern: WATCHED_FILES_GLOB } }));
      this.context.log.info(`watching ${folders.length} linked folder(s): ${folders.join(', ')}`);
      return this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    }).catch((error) => {
      this.context.log.warn(`could not watch the linked folders: ${describeError(error)}`);
      return undefined;
    });
  }
}
