import {
  attack,
  attackerEquations,
  buildGrid,
  cellTerms,
  innerName,
  type DisclosureGrid,
  type Dimension,
  type Equation,
  type SuppressionResult,
  type UnitCounts,
  type UnitSpec,
} from '../../src/disclosure/index.js';

export const GENDER: Dimension = { name: 'gender', groups: ['man', 'vrouw', 'onbekend'] };

/** Counts for one unit from a gender split, e.g. { man: 5, vrouw: 1 }. */
export function genderCounts(unit: string, wave: string, split: Record<string, number>): UnitCounts {
  const counts: Record<string, number> = {};
  let all = 0;
  for (const [g, v] of Object.entries(split)) {
    counts[`gender:${g}`] = v;
    all += v;
  }
  counts.all = all;
  return { unit, wave, counts };
}

export function createGrid(
  units: UnitSpec[],
  counts: UnitCounts[],
  overrides: { period?: string; waves?: string[]; dimensions?: Dimension[] } = {},
): DisclosureGrid {
  return buildGrid({
    period: overrides.period ?? 'W1',
    units,
    dimensions: overrides.dimensions ?? [GENDER],
    waves: overrides.waves ?? ['W1'],
    counts,
  });
}

/** Marks only the primary suppressions (the naive pattern) as a SuppressionResult. */
export function primaryOnly(result: SuppressionResult): SuppressionResult {
  const cells = result.cells.map((c) =>
    c.reason === 'complementary' ? { ...c, suppressed: false, reason: null } : c,
  );
  return { ...result, cells, byId: new Map(cells.map((c) => [c.id, c])) };
}

/** Protected cells of `grid` that an outsider (or the named insiders) can compute exactly. */
export function recoveredProtected(
  releases: readonly { grid: DisclosureGrid; result: SuppressionResult }[],
  options: { singletons?: string[] } = {},
): string[] {
  const eqs: Equation[] = [];
  const targets: { id: string; terms: Record<string, number>; own: boolean }[] = [];
  for (const r of releases) {
    eqs.push(...attackerEquations(r.grid, r.result, { singletons: options.singletons ?? [] }));
    const counts = new Map(r.grid.blocks.map((b) => [b.id, b.counts]));
    for (const c of r.grid.cells) {
      const s = r.result.byId.get(c.id);
      if (!s?.protected) continue;
      const nonEmpty = c.blocks.filter((b) => (counts.get(b)?.[c.column] ?? 0) > 0);
      // The insider's own cell: one respondent, in the insider's block and column (or alone in it).
      const sole = s.n === 1 && nonEmpty.length === 1 ? (nonEmpty[0] as string) : undefined;
      const own =
        sole !== undefined &&
        (options.singletons ?? []).some(
          (q) => q === innerName(sole, c.column) || (q.startsWith(`${sole}|`) && counts.get(sole)?.all === 1),
        );
      targets.push({ id: c.id, terms: cellTerms(c.blocks, c.column), own });
    }
  }
  const values = attack(eqs, targets.map((t) => t.terms));
  return targets
    .filter((t, i) => values[i] !== undefined && !t.own)
    .map((t) => t.id);
}

export function singletonsOf(grid: DisclosureGrid): string[] {
  return grid.blocks.flatMap((b) =>
    Object.entries(b.counts)
      .filter(([, v]) => v === 1)
      .map(([col]) => innerName(b.id, col)),
  );
}
