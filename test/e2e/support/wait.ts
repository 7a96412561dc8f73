// Bounded waiting on conditions outside Playwright's own locators (processes, HTTP, files). Every
// wait has a deadline and says what it waited for when the deadline passes.
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs: number;
  /** Pause between two checks: the condition is polled, never assumed after a fixed sleep. */
  pollMs?: number;
}

/** Resolves with the first truthy value of `check`; rejects naming `what` after `timeoutMs`. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${cause}`);
    }
    await delay(options.pollMs ?? 200);
  }
}
