// What the ExpansionMeter says expanding each call written in a search costs, summed: the tests
// compare it with what the expansion really produced.
import assert from 'node:assert/strict';
import { ExpansionMeter } from '../../server/src/macros/expansionCost';
import type { MacroIndex } from '../../server/src/macros/macroIndex';
import { scanMacroCalls } from '../../server/src/macros/scan';

export function measuredCost(search: string, index: MacroIndex, maxDepth: number): { produced: number; calls: number } {
  const meter = new ExpansionMeter({ resolve: (name, arity) => index.resolve(name, arity), maxDepth });
  const measured = { produced: 0, calls: 0 };
  for (const call of scanMacroCalls(search).calls) {
    const cost = meter.measure(call, { produced: Infinity, calls: Infinity });
    assert.ok(!('over' in cost), 'an unbounded measure is never over');
    measured.produced += cost.produced;
    measured.calls += cost.calls;
  }
  return measured;
}
