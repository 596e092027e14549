import type { Dimension, UnitCounts, UnitSpec } from '../../src/disclosure/index.js';
import { prng } from './random.js';

/** The four reporting dimensions of the instrument (22 columns with `all`). */
export const DEFENCE_DIMENSIONS: Dimension[] = [
  { name: 'gender', groups: ['man', 'vrouw', 'anders', 'onbekend'] },
  { name: 'age_band', groups: ['tot25', '25_34', '35_44', '45_54', '55plus', 'onbekend'] },
  { name: 'personnel_type', groups: ['militair', 'burger', 'extern', 'onbekend'] },
  {
    name: 'rank_group',
    groups: ['manschappen', 'onderofficieren', 'officieren', 'schaal_1_6', 'schaal_7_10', 'schaal_11plus', 'onbekend'],
  },
];

/** Two small dimensions for the value-check tests, and their columns with `all`. */
export const SMALL_DIMENSIONS: Dimension[] = [
  { name: 'gender', groups: ['man', 'vrouw', 'onbekend'] },
  { name: 'age_band', groups: ['jong', 'oud'] },
];
export const SMALL_COLUMNS = ['all', ...SMALL_DIMENSIONS.flatMap((d) => d.groups.map((g) => `${d.name}:${g}`))];

/**
 * A defence-like organisation: root, 5 branches, brigades, battalions, companies, until `size`
 * units; internal units have some staff of their own; group shares are skewed like a workforce
 * (few women, few `anders`, some `onbekend`).
 */
export function syntheticOrganisation(
  size: number,
  seed: number,
  options: { wave?: string; scale?: number } = {},
): { units: UnitSpec[]; counts: UnitCounts[] } {
  const wave = options.wave ?? 'W1';
  const scale = options.scale ?? 1;
  const rnd = prng(seed);
  const units: UnitSpec[] = [{ code: 'ORG', parent: null }];
  const depth = new Map([['ORG', 0]]);
  const fanout = [5, 5, 4, 5, 4];
  let frontier = ['ORG'];
  while (units.length < size) {
    const next: string[] = [];
    for (const p of frontier) {
      const d = depth.get(p) as number;
      const kids = fanout[d] ?? 3;
      for (let i = 0; i < kids && units.length < size; i++) {
        const code = `${p === 'ORG' ? '' : `${p}.`}${i}`;
        units.push({ code, parent: p, levelAllowed: d + 1 <= 3 });
        depth.set(code, d + 1);
        next.push(code);
      }
    }
    frontier = next;
  }
  const hasKids = new Set(units.map((u) => u.parent).filter((p): p is string => p !== null));
  const shares: Record<string, number[]> = {
    gender: [0.82, 0.14, 0.01, 0.03],
    age_band: [0.2, 0.3, 0.22, 0.16, 0.1, 0.02],
    personnel_type: [0.6, 0.33, 0.05, 0.02],
    rank_group: [0.3, 0.2, 0.1, 0.12, 0.15, 0.1, 0.03],
  };
  const counts: UnitCounts[] = units.map((u) => {
    const all = Math.round(
      (hasKids.has(u.code) ? (rnd() < 0.6 ? 3 + Math.floor(rnd() * 20) : 0) : 4 + Math.floor(rnd() * 90)) * scale,
    );
    const c: Record<string, number> = { all };
    for (const d of DEFENCE_DIMENSIONS) {
      const parts = d.groups.map(() => 0);
      const share = shares[d.name] as number[];
      for (let r = 0; r < all; r++) {
        let x = rnd();
        let g = 0;
        while (g < share.length - 1 && x >= (share[g] as number)) x -= share[g++] as number;
        parts[g] = (parts[g] as number) + 1;
      }
      d.groups.forEach((g, i) => (c[`${d.name}:${g}`] = parts[i] as number));
    }
    return { unit: u.code, wave, counts: c };
  });
  return { units, counts };
}
