/**
 * A skill's items compiled for speed: category probabilities and Fisher information of every item
 * precomputed on the quadrature grid (typed arrays), ids mapped to dense indices. Built once per
 * bank load; sessions refer to items by id only, so session state stays plain JSON.
 */
import type { EngineItem } from './irt-schema.js';
import type { Skill } from '../cefr.js';
import { categoryProbs, itemInformation, maxScore, type IrtParams } from './models.js';

export interface QuadratureGrid {
  theta: Float64Array;
  min: number;
  step: number;
}

export function makeGrid(min: number, max: number, points: number): QuadratureGrid {
  const step = (max - min) / (points - 1);
  const theta = new Float64Array(points);
  for (let g = 0; g < points; g++) theta[g] = min + g * step;
  return { theta, min, step };
}

export interface CompiledSkillBank {
  skill: Skill;
  size: number;
  grid: QuadratureGrid;
  ids: readonly string[];
  indexOf: ReadonlyMap<string, number>;
  params: readonly IrtParams[];
  /** Distinct item types, and each item's index in that list. */
  types: readonly string[];
  typeOf: Uint16Array;
  /** Distinct enemy groups, and each item's index in that list (−1: none). */
  enemyGroups: readonly string[];
  enemyOf: Int32Array;
  maxScore: Uint8Array;
  /** P(score = k | θ_g) = probs[probOffset[i] + k·G + g]. */
  probOffset: Int32Array;
  probs: Float64Array;
  /** Fisher information I_i(θ_g) = info[i·G + g]. */
  info: Float32Array;
  /** Rank of the item's discrimination within its type, from 0 (lowest a) to 1 (highest). */
  aRank: Float32Array;
}

const P_FLOOR = 1e-12;

/** The model parameters of an item (its `irt` block without status and source). */
export function irtParams(item: EngineItem): IrtParams {
  return item.irt.model === '3PL' ? { model: '3PL', a: item.irt.a, b: item.irt.b, c: item.irt.c } : { model: 'GPCM', a: item.irt.a, steps: item.irt.steps };
}

/** Compile one skill's items. Items of other skills are rejected; ids must be unique. */
export function compileSkillBank(skill: Skill, items: readonly EngineItem[], grid: QuadratureGrid): CompiledSkillBank {
  const G = grid.theta.length;
  const n = items.length;
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  const types: string[] = [];
  const typeIndex = new Map<string, number>();
  const enemyGroups: string[] = [];
  const enemyIndex = new Map<string, number>();
  const typeOf = new Uint16Array(n);
  const enemyOf = new Int32Array(n).fill(-1);
  const maxS = new Uint8Array(n);
  const probOffset = new Int32Array(n);
  const params: IrtParams[] = [];
  let totalCats = 0;
  items.forEach((item, i) => {
    if (item.skill !== skill) throw new Error(`item ${item.id} is a ${item.skill} item, not ${skill}`);
    if (indexOf.has(item.id)) throw new Error(`duplicate item id ${item.id}`);
    ids.push(item.id);
    indexOf.set(item.id, i);
    let t = typeIndex.get(item.type);
    if (t === undefined) {
      t = types.length;
      types.push(item.type);
      typeIndex.set(item.type, t);
    }
    typeOf[i] = t;
    if (item.enemyGroup !== undefined) {
      let e = enemyIndex.get(item.enemyGroup);
      if (e === undefined) {
        e = enemyGroups.length;
        enemyGroups.push(item.enemyGroup);
        enemyIndex.set(item.enemyGroup, e);
      }
      enemyOf[i] = e;
    }
    const p = irtParams(item);
    params.push(p);
    maxS[i] = maxScore(p);
    probOffset[i] = totalCats * G;
    totalCats += maxScore(p) + 1;
  });
  const probs = new Float64Array(totalCats * G);
  const info = new Float32Array(n * G);
  for (let i = 0; i < n; i++) {
    const p = params[i] as IrtParams;
    const off = probOffset[i] as number;
    for (let g = 0; g < G; g++) {
      const th = grid.theta[g] as number;
      const cp = categoryProbs(p, th);
      for (let k = 0; k < cp.length; k++) probs[off + k * G + g] = Math.max(P_FLOOR, cp[k] as number);
      info[i * G + g] = itemInformation(p, th);
    }
  }
  const aRank = new Float32Array(n);
  for (let t = 0; t < types.length; t++) {
    const members = [...Array(n).keys()].filter((i) => typeOf[i] === t);
    members.sort((x, y) => (params[x] as IrtParams).a - (params[y] as IrtParams).a || x - y);
    members.forEach((i, r) => (aRank[i] = members.length > 1 ? r / members.length : 0));
  }
  return { skill, size: n, grid, aRank, ids, indexOf, params, types, typeOf, enemyGroups, enemyOf, maxScore: maxS, probOffset, probs, info };
}
