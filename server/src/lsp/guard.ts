import type { ServerLog } from './context';

/**
 * Wraps a request handler so that a defect in the core costs one empty answer and a log line,
 * never the server: the editor keeps working on every other request.
 */
export function guarded<P, R>(log: ServerLog, name: string, fallback: () => R, handler: (params: P) => R): (params: P) => R {
  return (params: P) => {
    try {
      return handler(params);
    } catch (error) {
      log.error(`${name} failed: ${describeError(error)}`);
      return fallback();
    }
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
