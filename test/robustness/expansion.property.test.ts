// Macro expansion properties: random searches against the corpus' macros, and random macro sets
// whose definitions call each other (cycles, self-calls through arguments, doubling, bad calls),
// always terminate within the bounds, report problems inside the search, and map every character
// of the result back to the search or to a definition.
import { hangGuarded } from '../support/hangGuard';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_MAX_CALLS, expandSearch, type Expansion } from '../../server/src/macros/expand';
import { MacroIndex } from '../../server/src/macros/macroIndex';
import type { MacroEntry } from '../../server/src/macros/macroEntry';
import { mapExpandedSpan } from '../../server/src/macros/sourceMap';
import { measuredCost } from '../support/expansionMeasure';
import { Project } from '../../server/src/workspace/project';
import { CORPUS } from '../spl/corpusSearches';

const HANG_GUARD = { timeout: 30_000 };

function assertSane(search: string, expansion: Expansion, maxLength: number): void {
  for (const d of expansion.diagnostics) {
    assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= search.length, `${d.code} [${d.span.start},${d.span.end}) outside ${JSON.stringify(search)}`);
    assert.match(d.code, /^MAC\d{3}$/);
  }
  assert.equal(expansion.mapped.text, expansion.text);
  // The bound counts text produced by expansion; the search itself comes on top. It holds for what
  // was built, not only for the result: nothing past the budget is substituted.
  assert.ok(expansion.text.length <= search.length + maxLength, `expanded to ${expansion.text.length} characters`);
  const spent = spentBy(expansion);
  assert.ok(spent.produced <= maxLength && spent.calls <= DEFAULT_MAX_CALLS, JSON.stringify(spent));
  if (expansion.diagnostics.length === 0 && expansion.calls.length === 0) assert.equal(expansion.text, search);
  const step = Math.max(1, Math.floor(expansion.text.length / 50));
  for (let at = 0; at < expansion.text.length; at += step) {
    const root = mapExpandedSpan(expansion, { start: at, end: Math.min(expansion.text.length, at + 3) });
    assert.ok(root.span.start >= 0 && root.span.end <= search.length && root.span.start <= root.span.end, `offset ${at} maps outside the search`);
  }
}

hangGuarded('random searches against the corpus macros: expansion terminates, problems and mappings stay inside the search', HANG_GUARD, () => {
  const macros = Project.load([CORPUS]).macros;
  const names = ['sysmon', 'security_content_ctime(firstTime)', 'drop_dm_object_name(Processes)', 'process_msiexec', 'security_content_summariesonly', 'x_filter', 'nope(1,2)', 'get_asset(dest)', ''];
  const part = fc.oneof(
    fc.constantFrom(...names.map((n) => `\`${n}\``), '`', '``', '```', '(', ')', ',', '"', '\\', '$x$', ' ', '| stats count', '\n'),
    fc.string({ maxLength: 6, unit: 'binary' }),
  );
  fc.assert(
    fc.property(fc.array(part, { maxLength: 30 }), (parts) => {
      const search = parts.join('');
      assertSane(search, expandSearch(search, macros), 5_000_000);
    }),
    { numRuns: 400 },
  );
});

/** What an expansion did: characters of definitions substituted at every level, and calls expanded. */
function spentBy(expansion: Expansion): { produced: number; calls: number } {
  return { produced: expansion.calls.reduce((sum, call) => sum + call.oneLevel.length, 0), calls: expansion.calls.length };
}

const MACRO_NAMES = ['m0', 'm1', 'm2', 'm3', 'm4'];

/** A definition: text and calls of the other random macros, with and without arguments. */
const definition = fc
  .array(
    fc.oneof(
      fc.constantFrom(...MACRO_NAMES.map((n) => `\`${n}\``), ...MACRO_NAMES.map((n) => `\`${n}($a$)\``), ...MACRO_NAMES.map((n) => `\`${n}("x", y)\``)),
      fc.constantFrom('x=1 ', 'OR ', '$a$', '"`m0`"', '`', '(', ')', ' | eval y=', '\\'),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

hangGuarded('random macro sets calling each other (cycles, recursion through arguments, doubling): bounded, reported, never hangs', HANG_GUARD, () => {
  const maxLength = 200_000;
  let bounded = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...MACRO_NAMES), fc.constantFrom(0, 1, 2), definition), { minLength: 1, maxLength: 8 }), fc.constantFrom(...MACRO_NAMES), (defs, start) => {
      const index = new MacroIndex();
      defs.forEach(([name, arity, text], i) => {
        const args = ['a', 'b'].slice(0, arity);
        const entry: MacroEntry = { name, arity, args, definitionText: text, origin: 'yaml' };
        index.setFile(`/ws/macros/r${i}.yml`, [entry]);
      });
      const search = `search \`${start}\` \`${start}(1)\` \`${start}(1,2)\``;
      // A low depth bound, so that the measure meets calls the bound cuts in one place and not in another.
      const expansion = expandSearch(search, index, { maxLength, maxDepth: 4 });
      assertSane(search, expansion, maxLength);
      if (!expansion.diagnostics.some((d) => d.code === 'MAC011')) {
        // The measure that guards the bound predicts exactly what expanding the search's calls costs.
        const measured = measuredCost(search, index, 4);
        assert.deepEqual(measured, spentBy(expansion));
      }
      if (expansion.diagnostics.some((d) => ['MAC003', 'MAC004', 'MAC011'].includes(d.code))) {
        bounded++;
        assert.equal(expansion.complete, false);
      }
    }),
    { numRuns: 500 },
  );
  assert.ok(bounded > 20, `only ${bounded} runs hit a cycle or a bound: the generator does not reach them`);
});
