// A hang guard that also catches synchronous work. node:test's `timeout` is a timer, and a timer
// cannot fire while a test is stuck in a loop; when the loop ends at last, the late test still
// passes (measured: a quadratic fast-path derivation took 445 s under a 20 s timeout and passed).
// This is no speed target (those live in `npm run bench`): each bound is many times what the work
// takes, so only a hang or a blow-up trips it.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';

export function hangGuarded(name: string, guard: { timeout: number }, body: (t: TestContext) => unknown): void {
  test(name, guard, async (t) => {
    const started = performance.now();
    await body(t);
    const took = performance.now() - started;
    assert.ok(took < guard.timeout, `took ${Math.round(took)} ms, past the hang guard of ${guard.timeout} ms`);
  });
}
