/**
 * A small organisation for value-check tests (fast: four units, one wave, ~60 respondents) and an
 * outside attacker on the `sv_experienced/any` counts of a frozen release that shares no code
 * with the value check (decision 040's attacker, analysis/test/disclosure/value-attacker.ts, fed
 * from the stored rows and grid and the raw responses).
 */
import { eq } from 'drizzle-orm';
import { csvColumns, werkbeleving } from '@vw/questionnaire';
import { cellId } from '@vw/analysis';
import type { Db } from '../../src/db/client.js';
import { queryRows, sql } from '../../src/db/client.js';
import { organisations } from '../../src/db/schema.js';
import { importPopulation } from '../../src/services/import-population.js';
import { importResponses } from '../../src/services/import-responses.js';
import { importUnits } from '../../src/services/import-units.js';
import { getReleaseRows } from '../../src/services/releases.js';
import { attackCounts, type PublishedCell } from '../../../analysis/test/disclosure/value-attacker.js';

export interface Respondent { unit: string; gender: string; age: string; personnel: 'burger' | 'militair'; victim: boolean }

const ITEMS = csvColumns(werkbeleving);

/** [unit, gender, age band, personnel type, victim, how many]: 60 respondents. */
const GROUPS: [string, string, string, 'burger' | 'militair', boolean, number][] = [
  ['VAL-A', 'anders', '45_54', 'burger', false, 1], ['VAL-A', 'anders', '45_54', 'militair', false, 1], ['VAL-A', 'anders', '45_54', 'militair', true, 1],
  ['VAL-A', 'man', '25_34', 'burger', true, 1], ['VAL-A', 'man', '25_34', 'militair', false, 1], ['VAL-A', 'man', '25_34', 'militair', true, 1],
  ['VAL-A', 'man', '35_44', 'burger', false, 5], ['VAL-A', 'man', '35_44', 'burger', true, 1], ['VAL-A', 'man', '35_44', 'militair', false, 2],
  ['VAL-A', 'man', '45_54', 'burger', true, 1], ['VAL-A', 'vrouw', '25_34', 'militair', false, 2], ['VAL-A', 'vrouw', '35_44', 'burger', false, 1],
  ['VAL-A', 'vrouw', '35_44', 'militair', false, 2], ['VAL-A', 'vrouw', '35_44', 'militair', true, 2], ['VAL-A', 'vrouw', '45_54', 'burger', false, 3],
  ['VAL-A', 'vrouw', '45_54', 'militair', true, 1],
  ['VAL-A1', 'anders', '35_44', 'militair', false, 1], ['VAL-A1', 'man', '35_44', 'militair', true, 2], ['VAL-A1', 'man', '45_54', 'militair', false, 1],
  ['VAL-A1', 'vrouw', '35_44', 'burger', false, 1], ['VAL-A1', 'vrouw', '35_44', 'militair', false, 2], ['VAL-A1', 'vrouw', '45_54', 'militair', false, 1],
  // VAL-B: 11 men (4 victims), 13 women and 2 others, none of them victims
  ['VAL-B', 'anders', '25_34', 'militair', false, 1], ['VAL-B', 'anders', '35_44', 'militair', false, 1],
  ['VAL-B', 'man', '25_34', 'burger', true, 1], ['VAL-B', 'man', '35_44', 'burger', false, 1], ['VAL-B', 'man', '35_44', 'burger', true, 1],
  ['VAL-B', 'man', '35_44', 'militair', false, 2], ['VAL-B', 'man', '35_44', 'militair', true, 1], ['VAL-B', 'man', '45_54', 'burger', false, 1],
  ['VAL-B', 'man', '45_54', 'militair', false, 3], ['VAL-B', 'man', '45_54', 'militair', true, 1],
  ['VAL-B', 'vrouw', '25_34', 'militair', false, 2], ['VAL-B', 'vrouw', '35_44', 'burger', false, 2], ['VAL-B', 'vrouw', '35_44', 'militair', false, 5],
  ['VAL-B', 'vrouw', '45_54', 'militair', false, 4],
];

/**
 * Sixty respondents in three units, with small groups that have no victims at all: with k 5 and
 * k_victims 3, the victims grid leaves several cells with 0 victims unsuppressed (n = 0 is not
 * below k_victims), which the release never publishes (decision 041).
 */
export const SMALL_ORGANISATION: readonly Respondent[] = GROUPS.flatMap(([unit, gender, age, personnel, victim, count]) =>
  Array.from({ length: count }, () => ({ unit, gender, age, personnel, victim })));

/**
 * Organisation VAL (VAL-A, VAL-A1 below it, VAL-B), k and k_victims as given, and one closed wave
 * per year (`VAL-<year>`, 2024 unless given) answered by `people`.
 */
export async function valueFixture(db: Db, people: readonly Respondent[], rules: { k: number; kVictims: number }, years: readonly number[] = [2024]): Promise<void> {
  await importUnits(db, [
    'code,parent,name,level,excluded_from_pooling,valid_from,valid_to',
    'VAL,,Waardeorganisatie,organisatie,,,',
    'VAL-A,VAL,Afdeling A,afdeling,,,',
    'VAL-A1,VAL-A,Team A1,team,,,',
    'VAL-B,VAL,Afdeling B,afdeling,,,',
  ].join('\n'), 'units.csv');
  await db.update(organisations).set({ minGroupSize: rules.k, minVictims: rules.kVictims }).where(eq(organisations.code, 'VAL'));
  for (const year of years) await importWave(db, people, year);
}

/** Headcounts and responses of wave `VAL-<year>` (closed, answered on 4 March). */
export async function importWave(db: Db, people: readonly Respondent[], year: number): Promise<void> {
  const wave = `VAL-${year}`;
  const per = (u: string) => people.filter((p) => p.unit === u).length;
  await importPopulation(db, [
    'unit,period,dimension,group,headcount',
    `VAL,${wave},all,all,${people.length + 10}`,
    `VAL-A,${wave},all,all,${per('VAL-A') + per('VAL-A1') + 4}`,
    `VAL-A1,${wave},all,all,${per('VAL-A1') + 2}`,
    `VAL-B,${wave},all,all,${per('VAL-B') + 3}`,
  ].join('\n'), 'population.csv');
  const lines = [['response_id', 'wave', 'unit', 'submitted_on', ...ITEMS].join(',')];
  people.forEach((p, i) => {
    const v: Record<string, string> = {
      sv_team_observed: '1', sv_experienced: p.victim ? '3' : '1', gender: p.gender, age_band: p.age, personnel_type: p.personnel,
      ...(p.personnel === 'burger' ? { scale_civ: 'schaal_7_10' } : { rank_mil: 'onderofficieren' }),
      wl1: String((i % 5) + 1), sat: String((i % 10) + 1),
      ...(p.victim ? Object.fromEntries(ITEMS.filter((c) => c.startsWith('sv_form.')).map((c) => [c, c === 'sv_form.pesten' ? '1' : '0'])) : {}),
    };
    lines.push([`${wave}-${i}`, wave, p.unit, `${year}-03-04`, ...ITEMS.map((c) => v[c] ?? '')].join(','));
  });
  await importResponses(db, lines.join('\n'), { wave, file: 'responses.csv' });
}

/**
 * Suppressed `sv_experienced/any` (all base) cells of fewer than k respondents whose count an
 * outsider pins (interval narrower than one) from everything the release publishes of that
 * measure: the all-base counts and their n, and the victims-base rows' n (the victims count).
 * A cell whose members a published 0 or 100% of a containing cell states is not counted.
 */
export async function pinnedVictimCounts(db: Db, releaseId: string, period: string, k: number): Promise<{ pinned: string[]; targets: number }> {
  const rows = await getReleaseRows(db, releaseId);
  const [stored] = await queryRows<{ pattern: { grid: { dimensions: { name: string; groups: string[] }[]; cells: { id: string; blocks: string[]; column: string; hidden?: boolean }[] } } }>(
    db, sql`select pattern from release_grids where release_id = ${releaseId} and grid = 'all'`,
  );
  const grid = stored!.pattern.grid;
  const cells = new Map(grid.cells.map((c) => [c.id, c]));
  const inner = await queryRows<{ block: string; gender: string; age_band: string; personnel_type: string; rank_group: string; n: number; y: number }>(db, sql`
    select u.code || '@' || w.code as block, r.gender, r.age_band, r.personnel_type, r.rank_group, count(*)::int as n, count(*) filter (where r.victim)::int as y
    from responses r join units u on u.id = r.unit_id join waves w on w.id = r.wave_id group by 1, 2, 3, 4, 5`);
  const values = new Map<string, { n: number; y: number }>();
  const add = (block: string, column: string, n: number, y: number) => {
    const v = values.get(`${block}|${column}`) ?? { n: 0, y: 0 };
    values.set(`${block}|${column}`, { n: v.n + n, y: v.y + y });
  };
  for (const r of inner) {
    add(r.block, 'all', r.n, r.y);
    for (const [d, g] of [['gender', r.gender], ['age_band', r.age_band], ['personnel_type', r.personnel_type], ['rank_group', r.rank_group]]) add(r.block, `${d}:${g}`, r.n, r.y);
  }
  const columnOf = (r: { dimension: string; group: string }) => (r.dimension === 'all' ? 'all' : `${r.dimension}:${r.group}`);
  const cellOf = (r: { scope: string; dimension: string; group: string }) => cells.get(cellId(period, r.scope, columnOf(r)));
  const sum = (c: PublishedCell) => c.blocks.reduce((s, b) => { const v = values.get(`${b}|${c.column}`); return { n: s.n + (v?.n ?? 0), y: s.y + (v?.y ?? 0) }; }, { n: 0, y: 0 });
  const any = rows.filter((r) => r.indicator === 'sv_experienced' && r.option === 'any' && r.base === 'all');
  const published: PublishedCell[] = [];
  const stated: PublishedCell[] = [];
  for (const r of any.filter((x) => !x.suppressed)) {
    const c = cellOf(r)!;
    published.push({ id: c.id, blocks: c.blocks, column: c.column });
    if (r.count === 0 || r.count === r.n) stated.push({ id: c.id, blocks: c.blocks, column: c.column });
  }
  // A published victims-base row's n is the cell's victims count: Σ yes of that cell.
  const victimsCounts = new Map<string, PublishedCell>();
  for (const r of rows.filter((x) => x.base === 'victims' && !x.suppressed)) {
    const c = cellOf(r)!;
    victimsCounts.set(c.id, { id: `v:${c.id}`, blocks: c.blocks, column: c.column });
  }
  const contains = (outer: PublishedCell, t: PublishedCell) => (outer.column === t.column || outer.column === 'all') && t.blocks.every((b) => outer.blocks.includes(b));
  const targets: PublishedCell[] = [];
  for (const r of any.filter((x) => x.suppressed)) {
    const c = cellOf(r);
    if (!c || c.hidden) continue;
    const t = { id: c.id, blocks: c.blocks, column: c.column };
    const { n } = sum(t);
    if (n === 0 || n >= k) continue;
    if (stated.some((s) => contains(s, t))) continue;
    targets.push(t);
  }
  const results = await attackCounts({
    inner: [...values].map(([key, v]) => { const [block, column] = key.split('|') as [string, string]; return { block, column, ...v }; }),
    dimensions: grid.dimensions.map((d) => d.groups.map((g) => `${d.name}:${g}`)),
    published, targets, publishedYes: [...victimsCounts.values()],
  });
  return { pinned: results.filter((x) => x.pinned).map((x) => `${x.id} yes ${x.yes.join('..')} (truth ${x.truth[0]} of ${x.truth[0] + x.truth[1]})`), targets: targets.length };
}
