import { ResponseError } from 'vscode-languageserver';
import type { ServerLog } from './context';

/**
 * Wraps a request handler so that a defect in the core costs one empty answer and a log line,
 * never the server: the editor keeps working on every other request. A ResponseError is an answer
 * (e.g. why a macro cannot be renamed) and goes to the client as it is. A handler that waits for an
 * analysis (AnalysisJobs) answers a promise; its failures are caught the same way.
 */
export function guarded<P, R>(log: ServerLog, name: string, fallback: () => R, handler: (params: P) => R | Promise<R>): (params: P) => R | Promise<R> {
  const failed = (error: unknown): R => {
    if (error instanceof ResponseError) throw error;
    log.error(`${name} failed: ${describeError(error)}`);
    return fallback();
  };
  return (params: P) => {
    try {
      const answer = handler(params);
      return answer instanceof Promise ? answer.catch(failed) : answer;
    } catch (error) {
      return failed(error);
    }
  };
}

/**
 * `guarded`, answered once `ready()` resolves: a request that arrives while the workspace is still
 * loading waits for it instead of answering from a project without the workspace's macros.
 */
export function guardedWhenReady<P, R>(
  ready: () => Promise<void>,
  log: ServerLog,
  name: string,
  fallback: () => R,
  handler: (params: P) => R | Promise<R>,
): (params: P) => Promise<R> {
  const answer = guarded(log, name, fallback, handler);
  return async (params: P) => {
    await ready();
    return answer(params);
  };
}

/** Runs a notification handler's work; a defect is logged, never thrown into the connection. */
export function attempt(log: ServerLog, name: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    log.error(`${name} failed: ${describeError(error)}`);
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
