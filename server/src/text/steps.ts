/**
 * Work done in steps: a generator that yields between steps and returns its result. The language
 * server pauses between steps to serve other requests; everything else runs the steps at once.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step and returns the result. */
export function completeSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
