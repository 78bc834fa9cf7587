/**
 * Simulation of the adaptive test through the real engine (issue 4).
 *
 *   npm run simulate -- --synthetic [--candidates 2000] [--seed 1] [--items-per-skill 500]
 *   npm run simulate -- --bank content/banks/en [--candidates 2000] [--seed 1]
 *
 * Engine options: --criterion point|posterior|cut-weighted, --max-exposure 0.2, --level-rule eap|most-probable,
 * --prior-correlation 0.7 (alias --correlation: the engine's prior), --test-length 10 (items per skill given to
 * each candidate; --items-per-skill is the size of the generated bank).
 * Population options (issue 18): --true-correlation 0.7 (of the simulated abilities), --discrimination
 * uniform:0.5,2.5 | lognormal:1.2,0.3 | normal:m,sd and --difficulty uniform:-3,3 (generated bank),
 * --param-noise 0 (the engine uses parameters off by this much; responses follow the true ones),
 * --targets 4|18 (which issue's targets to print), --estimate-correlation 300 (after 300 candidates the prior's
 * correlation is estimated from the finished ones, then every 100, as the server does at start).
 * Exposure (issue 18): --exposure-method cap|progressive|near-best, --acceleration 1 (progressive),
 * --tolerance 0.15 --clear-band 0.8 (near-best); --final-prior
 * all-skills|earlier-skills (the reported levels re-estimated with every other skill, or not);
 * --classification-items 0 (classification-aware selection in the last items).
 * Lists such as --exposure-method cap,progressive,none --final-prior all-skills,earlier-skills run every
 * combination on the same candidates and print them side by side, with each one's difference from
 * the first row and its standard error (paired over candidates). `none` = no exposure control and no
 * randomesque (the reference).
 * Figures on stdout with their targets; progress on stderr.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { engineItems, readBank } from '../server/content/load-bank.js';
import {
  createAdaptiveEngine,
  createSeededRng,
  InMemoryExposureStore,
  resolveConfig,
  uniformCorrelation,
  type AdaptiveConfigInput,
  type EngineItem,
  type BankAdaptiveConfig,
  type SelectionCriterion,
  type ExposureMethod,
  type AdaptiveConfig,
} from '../server/domain/adaptive/index.js';
import { SKILLS } from '../server/domain/cefr.js';
import { classificationShares, pairedDifference, simulate, type SimulationReport } from '../server/domain/adaptive/simulation.js';
import { describeDistribution, parseDistribution, perturbParameters, syntheticBank } from '../server/domain/adaptive/synthetic-bank.js';
import { irtParams } from '../server/domain/adaptive/compiled-bank.js';

const { values } = parseArgs({
  options: {
    bank: { type: 'string' },
    synthetic: { type: 'boolean', default: false },
    candidates: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    'items-per-skill': { type: 'string', default: '500' },
    'test-length': { type: 'string' },
    criterion: { type: 'string' },
    'max-exposure': { type: 'string' },
    'exposure-method': { type: 'string' },
    acceleration: { type: 'string' },
    tolerance: { type: 'string' },
    'clear-band': { type: 'string' },
    'classification-items': { type: 'string' },
    'classification-shortlist': { type: 'string' },
    'level-rule': { type: 'string' },
    'final-prior': { type: 'string' },
    correlation: { type: 'string' },
    'prior-correlation': { type: 'string' },
    'true-correlation': { type: 'string', default: '0.7' },
    discrimination: { type: 'string' },
    difficulty: { type: 'string' },
    'param-noise': { type: 'string', default: '0' },
    'estimate-correlation': { type: 'string' },
    targets: { type: 'string', default: '4' },
    'cut-width': { type: 'string' },
    'cut-floor': { type: 'string' },
    randomesque: { type: 'string' },
    'grid-points': { type: 'string' },
    strata: { type: 'string' },
    'stratum-by-position': { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  if (!values.synthetic && !values.bank) {
    console.error('usage: npm run simulate -- --synthetic | --bank <dir> [--candidates N] [--seed S]');
    process.exit(2);
  }
  const seed = Number(values.seed);
  const candidates = Number(values.candidates);
  let items: EngineItem[];
  let bankCfg: BankAdaptiveConfig | undefined;
  let bankId: string;
  let bankNote = 'bank parameters as given';
  if (values.synthetic) {
    const per = Number(values['items-per-skill']);
    const shape = {
      ...(values.discrimination ? { discrimination: parseDistribution(values.discrimination) } : {}),
      ...(values.difficulty ? { difficulty: parseDistribution(values.difficulty) } : {}),
    };
    const sb = syntheticBank(createSeededRng(seed ^ 0x5eed), per, shape);
    items = sb.items;
    bankCfg = sb.adaptive;
    bankId = `synthetic-${per}`;
    const as = items.map((i) => i.irt.a);
    bankNote =
      `generated 3PL bank: a ~ ${shape.discrimination ? describeDistribution(shape.discrimination) : 'U(0.5, 2.5)'} (mean ${(as.reduce((x, y) => x + y, 0) / as.length).toFixed(2)}), ` +
      `b ~ ${shape.difficulty ? describeDistribution(shape.difficulty) : 'U(-3, 3)'}`;
  } else {
    const bank = readBank(values.bank as string);
    items = engineItems(bank.items);
    bankCfg = bank.adaptive;
    bankId = bank.meta.language;
  }
  const input: AdaptiveConfigInput = { selection: {}, exposure: {} };
  if (values.criterion) input.selection!.criterion = values.criterion as SelectionCriterion;
  if (values['cut-width']) input.selection!.cutWidth = Number(values['cut-width']);
  if (values['cut-floor']) input.selection!.cutFloor = Number(values['cut-floor']);
  if (values.randomesque) input.selection!.randomesque = values.randomesque.split(',').map(Number);
  if (values.strata) input.selection!.strata = Number(values.strata);
  if (values['stratum-by-position']) input.selection!.stratumByPosition = values['stratum-by-position'].split(',').map(Number);
  if (values['max-exposure']) input.exposure!.maxRate = Number(values['max-exposure']);
  if (values['test-length']) input.itemsPerSkill = Number(values['test-length']);
  if (values['level-rule']) input.levelRule = values['level-rule'] as 'eap' | 'most-probable';
  const priorR = values['prior-correlation'] ?? values.correlation;
  if (priorR) input.correlation = uniformCorrelation(SKILLS.length, Number(priorR));
  const trueR = Number(values['true-correlation']);
  const noise = Number(values['param-noise']);
  if (!(noise >= 0)) throw new Error('--param-noise must be a non-negative number');
  // the engine sees estimated parameters; responses are drawn from the true ones
  const trueParams = noise > 0 ? new Map(items.map((i) => [i.id, irtParams(i)])) : undefined;
  if (noise > 0) items = perturbParameters(items, noise, createSeededRng(seed ^ 0x0e57));
  if (values['grid-points']) input.grid = { points: Number(values['grid-points']) };
  const list = (v: string | undefined) => (v ?? '').split(',').filter((m) => m !== '');
  const clsList = list(values['classification-items']).map(Number);
  const finalList = list(values['final-prior']) as Array<AdaptiveConfig['finalPrior']>;
  if (clsList.length === 1) input.selection!.classificationItems = clsList[0]!;
  if (finalList.length === 1) input.finalPrior = finalList[0]!;
  if (values['classification-shortlist']) input.selection!.classificationShortlist = Number(values['classification-shortlist']);
  if (values.acceleration) input.exposure!.acceleration = Number(values.acceleration);
  if (values.tolerance) input.exposure!.tolerance = Number(values.tolerance);
  if (values['clear-band']) input.exposure!.clearBand = Number(values['clear-band']);
  const started = performance.now();
  const run = async (engineInput: AdaptiveConfigInput) => {
    const config = resolveConfig(engineInput, bankCfg);
    const engine = createAdaptiveEngine({ bankId, items, config });
    let lastReport = 0;
    const report = await simulate({
      engine,
      store: new InMemoryExposureStore(),
      candidates,
      rng: createSeededRng(seed),
      trueCorrelation: uniformCorrelation(SKILLS.length, trueR),
      ...(trueParams ? { trueParams } : {}),
      ...(values['estimate-correlation'] ? { estimateCorrelation: { after: Number(values['estimate-correlation']), every: 100 } } : {}),
      now: () => performance.now(),
      onProgress: (done, total) => {
        const t = performance.now();
        if (!values.quiet && (t - lastReport > 2000 || done === total)) {
          lastReport = t;
          process.stderr.write(`simulate: ${done}/${total} candidates, ${((t - started) / 1000).toFixed(1)} s\n`);
        }
      },
    });
    return { config, engine, report };
  };
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const f3 = (x: number) => x.toFixed(3);
  const ms = (x: number) => `${x.toFixed(3)} ms`;

  // several exposure methods / final priors / classification settings: every combination on the same candidates, side by side
  const methods = list(values['exposure-method']);
  if (methods.length > 1 || finalList.length > 1 || clsList.length > 1) {
    const combos: Array<{ label: string; input: AdaptiveConfigInput }> = [];
    for (const m of methods.length > 0 ? methods : [undefined]) {
      for (const fp of finalList.length > 0 ? finalList : [undefined]) {
        for (const cls of clsList.length > 0 ? clsList : [undefined]) {
          const exposure =
            m === 'none' ? { ...input.exposure, maxRate: 1, method: 'cap' as const } : { ...input.exposure, ...(m ? { method: m as ExposureMethod } : {}) };
          const selection = { ...input.selection, ...(m === 'none' ? { randomesque: [1] } : {}), ...(cls !== undefined ? { classificationItems: cls } : {}) };
          const label = [m, fp === undefined ? undefined : fp === 'all-skills' ? 'all' : 'earlier', cls === undefined ? undefined : `cls${cls}`]
            .filter((x) => x !== undefined)
            .join(' ');
          combos.push({ label, input: { ...input, exposure, selection, ...(fp ? { finalPrior: fp } : {}) } });
        }
      }
    }
    const w = Math.max(14, ...combos.map((c) => c.label.length + 2));
    const out = [
      `Compared on the same candidates — bank ${bankId}, ${candidates} candidates, seed ${seed}, true correlation ${trueR}, prior correlation ${priorR ?? 0.7}, parameter noise ${noise}`,
      bankNote,
      '',
      `${'engine'.padEnd(w)}${'exact ± SE'.padStart(14)}${'Δexact ± SE'.padStart(15)}${'within1'.padStart(9)}${'Δwithin1'.padStart(15)}${'RMSE'.padStart(8)}${'maxExp'.padStart(8)}${'unused'.padStart(8)}${'sel p95'.padStart(10)}`,
    ];
    let first: SimulationReport | null = null;
    const pts = (x: number) => (100 * x).toFixed(1);
    const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(2)}`;
    for (const c of combos) {
      const { config, report: r } = await run(c.input);
      const o = r.overall;
      const sh = classificationShares(r, config.cutScores);
      const d = first ? pairedDifference(first, r, config.cutScores) : null;
      first ??= r;
      out.push(
        `${c.label.padEnd(w)}${`${pts(sh.exact.share)} ± ${pts(sh.exact.se)}`.padStart(14)}${(d ? `${signed(d.exact.mean)} ± ${(100 * d.exact.se).toFixed(2)}` : '').padStart(15)}` +
          `${pct(o.withinOne).padStart(9)}${(d ? `${signed(d.withinOne.mean)} ± ${(100 * d.withinOne.se).toFixed(2)}` : '').padStart(15)}` +
          `${f3(o.rmse).padStart(8)}${f3(r.maxExposure).padStart(8)}${pct(r.neverUsed).padStart(8)}${ms(r.selectionMs!.p95).padStart(10)}`,
      );
    }
    out.push(
      '',
      'exact, within1 in %; Δ: difference from the first row in points, paired over the same candidates (judge a difference by its own SE).',
      `none: no exposure control and no randomesque (reference); all / earlier: final prior from all the other skills / the earlier ones; clsN: classification-aware selection in the last N items. (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    console.log(out.join('\n'));
    return;
  }
  if (methods.length === 1) input.exposure!.method = methods[0] as ExposureMethod;
  const { config, engine, report } = await run(input);
  const skills = [...engine.banks.keys()];

  const o = report.overall;
  const shares = classificationShares(report, config.cutScores);
  // issue 4: the favourable synthetic bank; issue 18: a low-discrimination bank, misspecified prior
  const issue18 = values.targets === '18';
  const exactTarget = issue18 ? 0.63 : 0.64;
  const unusedTarget = issue18 ? 0.6 : 0.7;
  const rows: Array<[string, string, string, boolean | null]> = [
    ['RMSE of theta', f3(o.rmse), issue18 ? '' : '<= 0.38', issue18 ? null : o.rmse <= 0.38],
    ['bias of theta', f3(o.bias), '', null],
    ['correlation (true, estimated theta)', f3(o.correlation), '', null],
    ['exact CEFR band (± SE)', `${pct(o.exact)} ± ${(100 * shares.exact.se).toFixed(1)}`, `>= ${pct(exactTarget)}`, o.exact >= exactTarget],
    ['within one band (± SE)', `${pct(o.withinOne)} ± ${(100 * shares.withinOne.se).toFixed(1)}`, '>= 99%', o.withinOne >= 0.99],
    ['mean SE', f3(o.meanSe), '', null],
    ['maximum exposure rate', f3(report.maxExposure), '<= 0.25', report.maxExposure <= 0.25],
    ['share of the bank never used', pct(report.neverUsed), `<= ${pct(unusedTarget)}`, report.neverUsed <= unusedTarget],
    ['selection time p50', ms(report.selectionMs!.p50), '', null],
    ['selection time p95', ms(report.selectionMs!.p95), `<= 0.5 ms (500 items)`, null],
    ['EAP update time p50', ms(report.updateMs!.p50), '', null],
    ['EAP update time p95', ms(report.updateMs!.p95), '<= 0.2 ms', report.updateMs!.p95 <= 0.2],
  ];
  const sizes = skills.map((s) => engine.banks.get(s)!.size);
  const perSkillMax = Math.max(...sizes);
  const selTarget = perSkillMax <= 500 ? 0.5 : perSkillMax <= 5000 ? 5 : null;
  rows[9]![2] = selTarget === null ? '' : `<= ${selTarget} ms (${perSkillMax <= 500 ? 500 : 5000} items)`;
  rows[9]![3] = selTarget === null ? null : report.selectionMs!.p95 <= selTarget;

  const out: string[] = [];
  out.push(`Adaptive test simulation — bank ${bankId} (${report.bankSize} items: ${skills.map((s, i) => `${s} ${sizes[i]}`).join(', ')})`);
  out.push(
    `${candidates} candidates, seed ${seed}, abilities N(0,1) correlated ${trueR}, ${config.itemsPerSkill} items x ${skills.length} skills, ` +
      `cuts ${config.cutScores.join(', ')}`,
  );
  if (report.estimatedCorrelation !== null)
    out.push(
      `prior correlation estimated from the candidates after ${values['estimate-correlation']}: mean ${report.estimatedCorrelation.toFixed(3)} at the end`,
    );
  out.push(`${bankNote}; parameter noise ${noise}${noise > 0 ? ' (engine uses estimated parameters, responses follow the true ones)' : ''}`);
  out.push(
    `engine: ${config.selection.criterion} selection, randomesque ${config.selection.randomesque.join('/')}, ` +
      `exposure ${config.exposure.method}${config.exposure.method === 'progressive' ? ` (acceleration ${config.exposure.acceleration})` : config.exposure.method === 'near-best' ? ` (tolerance ${config.exposure.tolerance}, clear band ${config.exposure.clearBand})` : ''} max ${config.exposure.maxRate}, prior correlation ${config.correlation[0]![1]}, final prior ${config.finalPrior}${config.selection.classificationItems > 0 ? `, classification-aware last ${config.selection.classificationItems}` : ''}, grid ${config.grid.points} pts [${config.grid.min}, ${config.grid.max}], level rule ${config.levelRule}`,
  );
  out.push('');
  out.push(`${'figure'.padEnd(38)}${'value'.padStart(12)}   ${'target'.padEnd(24)}met`);
  for (const [name, v, target, met] of rows) {
    out.push(`${name.padEnd(38)}${v.padStart(12)}   ${target.padEnd(24)}${met === null ? '' : met ? 'yes' : 'NO'}`);
  }
  out.push('');
  out.push(
    `per skill: ${'skill'.padEnd(12)} ${'RMSE'.padStart(6)} ${'bias'.padStart(7)} ${'r'.padStart(6)} ${'exact'.padStart(7)} ${'within1'.padStart(8)} ${'meanSE'.padStart(7)}`,
  );
  for (const s of report.perSkill) {
    out.push(
      `           ${s.skill.padEnd(12)} ${f3(s.rmse).padStart(6)} ${f3(s.bias).padStart(7)} ${f3(s.correlation).padStart(6)} ${pct(s.exact).padStart(7)} ${pct(s.withinOne).padStart(8)} ${f3(s.meanSe).padStart(7)}`,
    );
  }
  const allMet = rows.every((r) => r[3] !== false);
  out.push('');
  if (!values.synthetic) out.push(`note: the targets are defined for the synthetic banks of issue ${issue18 ? 18 : 4}; a real bank is judged on its own.`);
  out.push(`all targets met: ${allMet ? 'yes' : 'NO'}   (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  console.log(out.join('\n'));
}

main().catch((err: unknown) => {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    console.error(`simulate: no bank there (${(err as NodeJS.ErrnoException).path}); a bank folder holds bank.json and items/<skill>.json`);
    process.exit(1);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
