/**
 * Adaptive engine timings: item selection (nextItem) with 500 and 5,000 items per skill, and the
 * EAP update (recordResponse). Candidates are simulated through the real engine with exposure
 * counts accumulating in memory, so the figures include exposure control, content balancing and
 * the posterior; loading the counts from the database is not included (one query per selection).
 * Targets (issue 4): selection p95 ≤ 0.5 ms (500 items) and ≤ 5 ms (5,000 items); EAP p95 ≤ 0.2 ms.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createAdaptiveEngine, createSeededRng, InMemoryExposureStore, resolveConfig, type SelectionCriterion } from '../server/domain/adaptive/index.js';
import { simulate } from '../server/domain/adaptive/simulation.js';
import { syntheticBank } from '../server/domain/adaptive/synthetic-bank.js';

async function measure(itemsPerSkill: number, candidates: number, criterion: SelectionCriterion) {
  const bank = syntheticBank(createSeededRng(7), itemsPerSkill);
  const items = bank.items.filter((i) => i.skill === 'grammar');
  const config = resolveConfig({ selection: { criterion } }, bank.adaptive);
  const engine = createAdaptiveEngine({ bankId: `bench-${itemsPerSkill}`, items, config });
  // warm-up (JIT, exposure counts), then the measured run on the same store
  const store = new InMemoryExposureStore();
  await simulate({ engine, store, candidates: 50, rng: createSeededRng(1) });
  const report = await simulate({ engine, store, candidates, rng: createSeededRng(2), now: () => performance.now() });
  return { selection: report.selectionMs!, update: report.updateMs! };
}

const f = (x: number) => x.toFixed(3).padStart(7);

export async function run(print: (line: string) => void): Promise<void> {
  const exposure = resolveConfig().exposure;
  print(`adaptive engine (one skill, 10 items per candidate, default exposure control: ${exposure.method}, cap ${exposure.maxRate})`);
  for (const criterion of ['point', 'cut-weighted'] as const) {
    for (const [size, candidates, target] of [
      [500, 1000, 0.5],
      [5000, 300, 5],
    ] as const) {
      const r = await measure(size, candidates, criterion);
      const tag = criterion === 'point' ? 'default' : 'option';
      print(
        `  selection ${String(size).padStart(5)} items, ${criterion.padEnd(12)} (${tag}): p50 ${f(r.selection.p50)} ms  p95 ${f(r.selection.p95)} ms` +
          `  (target p95 <= ${target} ms: ${r.selection.p95 <= target ? 'met' : 'NOT met'})`,
      );
      if (criterion === 'point') {
        print(
          `  EAP update ${String(size).padStart(5)} items:                     p50 ${f(r.update.p50)} ms  p95 ${f(r.update.p95)} ms  (target p95 <= 0.2 ms: ${r.update.p95 <= 0.2 ? 'met' : 'NOT met'})`,
        );
      }
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run((line) => console.log(line));
}
