/**
 * Benchmark (decision 082): what planning a wave with the window it will join costs, and what it
 * buys. Library only, no database: the respondent-count suppression (`suppress`, base `all`, k 10).
 *
 *   npx tsx bench/planned-windows.ts [--histories 200] [--size 600] [--runs 3]
 *
 * Part 1, random histories (the shape of analysis/test/disclosure/property.test.ts: 3 to 9 units,
 * three waves, a reorganisation before W3, 30% of units not surveyed again in W3, the window
 * W2-W3): how many windows are refused without planning and with it, and the cells the waves and
 * the window suppress either way.
 * Part 2, a defence-like synthetic organisation (`syntheticOrganisation`, 22 columns): W2 surveys
 * every unit, W3 70% of them, then the window W2-W3. Suppressed cells of each release and CPU
 * seconds of `suppress` (median of --runs), unplanned against planned in the same run.
 */
import { parseArgs } from 'node:util';
import {
  buildGrid,
  planWindows,
  suppress,
  withPrevious,
  FixedCellConflictError,
  type DisclosureGrid,
  type Dimension,
  type SuppressionResult,
  type UnitCounts,
  type UnitSpec,
} from '../analysis/src/index.js';
import { prng } from '../analysis/test/disclosure/random.js';
import { DEFENCE_DIMENSIONS, syntheticOrganisation } from '../analysis/test/disclosure/synthetic.js';

const { values } = parseArgs({ options: { histories: { type: 'string', default: '200' }, size: { type: 'string', default: '600' }, runs: { type: 'string', default: '3' } } });

interface Step { period: string; units: readonly UnitSpec[]; waves: string[]; joins: { period: string; grid: DisclosureGrid }[] }
interface Built { grid: DisclosureGrid; result: SuppressionResult }

/** Own visible cells a release suppresses (hidden rows and planned window cells left out). */
function suppressedOwn(own: DisclosureGrid, r: SuppressionResult): { suppressed: number; complementary: number } {
  let suppressed = 0;
  let complementary = 0;
  for (const c of own.cells) {
    if (c.hidden) continue;
    const s = r.byId.get(c.id);
    if (s?.suppressed) suppressed++;
    if (s?.reason === 'complementary') complementary++;
  }
  return { suppressed, complementary };
}

function history(steps: Step[], dimensions: readonly Dimension[], counts: readonly UnitCounts[], plan: boolean) {
  const frozen: Built[] = [];
  const out: { period: string; suppressed: number; complementary: number; cpu: number }[] = [];
  for (const s of steps) {
    const base = buildGrid({ period: s.period, units: s.units, dimensions, waves: s.waves, counts });
    const own = plan ? planWindows(base, s.joins) : base;
    const c0 = process.cpuUsage();
    let result: SuppressionResult;
    try {
      result = suppress(withPrevious(own, frozen), { base: 'all' });
    } catch (e) {
      if (e instanceof FixedCellConflictError) return { refused: s.period, out };
      throw e;
    }
    const c1 = process.cpuUsage(c0);
    out.push({ period: s.period, ...suppressedOwn(base, result), cpu: (c1.user + c1.system) / 1e6 });
    frozen.push({ grid: own, result });
  }
  return { refused: undefined, out };
}

// Part 1 ---------------------------------------------------------------------------------------
const DIMS: Dimension[] = [
  { name: 'gender', groups: ['man', 'vrouw', 'onbekend'] },
  { name: 'age_band', groups: ['tot35', '35plus', 'onbekend'] },
];
function randomHistory(seed: number, size: number) {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const before: UnitSpec[] = [{ code: 'U0', parent: null }];
  for (let i = 1; i < size; i++) before.push({ code: `U${i}`, parent: `U${int(i)}`, levelAllowed: rnd() < 0.8 });
  const after = before.map((u) => ({ ...u }));
  const moved = 1 + int(size - 1);
  const inSubtree = (u: number): boolean => {
    for (let x: string | null = `U${u}`; x !== null; x = after.find((a) => a.code === x)?.parent ?? null) if (x === `U${moved}`) return true;
    return false;
  };
  const targets = [...Array(size).keys()].filter((u) => !inSubtree(u));
  after[moved] = { ...(after[moved] as UnitSpec), parent: `U${targets[int(targets.length)] as number}` };
  const counts: UnitCounts[] = [];
  for (const wave of ['W1', 'W2', 'W3']) {
    for (let i = 0; i < size; i++) {
      if (wave === 'W3' && rnd() < 0.3) continue;
      const r = rnd();
      const all = r < 0.15 ? 0 : r < 0.55 ? 1 + int(9) : 10 + int(30);
      const c: Record<string, number> = { all };
      for (const d of DIMS) {
        const cuts = [int(all + 1), int(all + 1)].sort((a, b) => a - b) as [number, number];
        const parts = [cuts[0], cuts[1] - cuts[0], all - cuts[1]];
        d.groups.forEach((g, gi) => (c[`${d.name}:${g}`] = parts[gi] as number));
      }
      counts.push({ unit: `U${i}`, wave, counts: c });
    }
  }
  return { before, after, counts };
}

const n = Number(values.histories);
const rnd = prng(20261126);
const tally = { unplanned: { refused: 0, cells: [0, 0, 0, 0] }, planned: { refused: 0, cells: [0, 0, 0, 0] }, both: 0 };
for (let h = 0; h < n; h++) {
  const seed = Math.floor(rnd() * 2 ** 31);
  const size = 3 + Math.floor(rnd() * 7);
  const s = randomHistory(seed, size);
  const window = { period: 'W2-W3', grid: buildGrid({ period: 'W2-W3', units: s.after, waves: ['W2', 'W3'], dimensions: DIMS, counts: s.counts }) };
  const steps: Step[] = [
    { period: 'W1', units: s.before, waves: ['W1'], joins: [] },
    { period: 'W2', units: s.before, waves: ['W2'], joins: [window] },
    { period: 'W3', units: s.after, waves: ['W3'], joins: [window] },
    { period: 'W2-W3', units: s.after, waves: ['W2', 'W3'], joins: [] },
  ];
  const u = history(steps, DIMS, s.counts, false);
  const p = history(steps, DIMS, s.counts, true);
  if (u.refused) tally.unplanned.refused++;
  if (p.refused) tally.planned.refused++;
  if (!u.refused && !p.refused) {
    tally.both++;
    u.out.forEach((r, i) => (tally.unplanned.cells[i]! += r.suppressed));
    p.out.forEach((r, i) => (tally.planned.cells[i]! += r.suppressed));
  }
}
console.log(`part 1: ${n} random histories (3-9 units, reorganisation, window W2-W3)`);
console.log(`  windows refused: unplanned ${tally.unplanned.refused}, planned ${tally.planned.refused}`);
console.log(`  histories built both ways: ${tally.both}; suppressed own cells W1/W2/W3/window: unplanned ${tally.unplanned.cells.join('/')}, planned ${tally.planned.cells.join('/')}`);

// Part 2 ---------------------------------------------------------------------------------------
const size = Number(values.size);
const w2 = syntheticOrganisation(size, 42, { wave: 'W2' });
const w3all = syntheticOrganisation(size, 43, { wave: 'W3' });
const pick = prng(7);
const w3 = w3all.counts.filter(() => pick() < 0.7);
const units = w2.units;
const counts = [...w2.counts, ...w3];
const window = { period: 'W2-W3', grid: buildGrid({ period: 'W2-W3', units, waves: ['W2', 'W3'], dimensions: DEFENCE_DIMENSIONS, counts }) };
const steps: Step[] = [
  { period: 'W2', units, waves: ['W2'], joins: [window] },
  { period: 'W3', units, waves: ['W3'], joins: [window] },
  { period: 'W2-W3', units, waves: ['W2', 'W3'], joins: [] },
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const runs = Number(values.runs);
const res: Record<'unplanned' | 'planned', ReturnType<typeof history>[]> = { unplanned: [], planned: [] };
for (let r = 0; r < runs; r++) {
  res.unplanned.push(history(steps, DEFENCE_DIMENSIONS, counts, false));
  res.planned.push(history(steps, DEFENCE_DIMENSIONS, counts, true));
}
console.log(`part 2: synthetic organisation, ${size} units, W3 surveys ${w3.length} of them; ${runs} runs, median CPU s of suppress`);
for (const mode of ['unplanned', 'planned'] as const) {
  const first = res[mode][0]!;
  const rows = first.out.map((o, i) => `${o.period} ${o.suppressed} suppressed (${o.complementary} complementary), ${median(res[mode].map((x) => x.out[i]?.cpu ?? NaN)).toFixed(2)} s`);
  console.log(`  ${mode}: ${rows.join('; ')}${first.refused ? `; ${first.refused} REFUSED` : ''}`);
}
