import {
  DisclosureInputError,
  type Block,
  type CellSpec,
  type DisclosureGrid,
  type DisclosureRules,
  type SuppressionReason,
} from './types.js';

export const DEFAULT_K = 10;

/** The threshold and reason name that apply to a grid's base. */
export function thresholdOf(rules: DisclosureRules): { threshold: number; reason: SuppressionReason } {
  return rules.base === 'victims'
    ? { threshold: rules.kVictims ?? DEFAULT_K, reason: 'min_victims' }
    : { threshold: rules.k ?? DEFAULT_K, reason: 'min_n' };
}

/** Column names of a grid: `all` then `dimension:group` for every group of every dimension. */
export function columnsOf(grid: DisclosureGrid): string[] {
  const cols = ['all'];
  for (const d of grid.dimensions) for (const g of d.groups) cols.push(`${d.name}:${g}`);
  return cols;
}

/**
 * Checks the grid and returns the blocks by id.
 * @throws DisclosureInputError on unknown columns or blocks, negative or fractional counts,
 * margins that do not add up to `all`, or duplicate ids.
 */
export function validateGrid(grid: DisclosureGrid): Map<string, Block> {
  const cols = new Set(columnsOf(grid));
  const blocks = new Map<string, Block>();
  for (const b of grid.blocks) {
    if (blocks.has(b.id)) throw new DisclosureInputError(`duplicate block ${b.id}`);
    blocks.set(b.id, b);
    for (const [col, v] of Object.entries(b.counts)) {
      if (!cols.has(col)) throw new DisclosureInputError(`block ${b.id}: unknown column ${col}`);
      if (!Number.isInteger(v) || v < 0) throw new DisclosureInputError(`block ${b.id}: bad count ${col}=${v}`);
      if (b.nobodyAnswered && v !== 0) throw new DisclosureInputError(`block ${b.id}: nobody answered but ${col}=${v}`);
    }
    const all = b.counts.all ?? 0;
    for (const d of grid.dimensions) {
      let sum = 0;
      for (const g of d.groups) sum += b.counts[`${d.name}:${g}`] ?? 0;
      if (sum !== all) {
        throw new DisclosureInputError(`block ${b.id}: ${d.name} groups add up to ${sum}, all is ${all}`);
      }
    }
  }
  const ids = new Set<string>();
  for (const c of grid.cells) {
    if (ids.has(c.id)) throw new DisclosureInputError(`duplicate cell ${c.id}`);
    ids.add(c.id);
    if (!cols.has(c.column)) throw new DisclosureInputError(`cell ${c.id}: unknown column ${c.column}`);
    const seen = new Set<string>();
    for (const b of c.blocks) {
      if (!blocks.has(b)) throw new DisclosureInputError(`cell ${c.id}: unknown block ${b}`);
      if (seen.has(b)) throw new DisclosureInputError(`cell ${c.id}: block ${b} listed twice`);
      seen.add(b);
    }
  }
  return blocks;
}

/** Whether a cell covers a block where nobody answered (decision 046). */
export function coversNobodyAnswered(cell: CellSpec, blocks: ReadonlyMap<string, Block>): boolean {
  return cell.blocks.some((id) => blocks.get(id)?.nobodyAnswered === true);
}

/** Respondents in a cell: the sum of its column over its blocks. */
export function cellCount(cell: CellSpec, blocks: ReadonlyMap<string, Block>): number {
  let n = 0;
  for (const id of cell.blocks) n += blocks.get(id)?.counts[cell.column] ?? 0;
  return n;
}

export interface PrimaryDecision {
  /** Null: a candidate for publication (or a previously published cell). */
  readonly reason: SuppressionReason | null;
  readonly protected: boolean;
}

/**
 * Primary suppression of one cell.
 *
 * - previous release: published stays published; suppressed stays suppressed and is protected
 *   when 0 < n < threshold;
 * - hidden own-staff row: never published, protected when 0 < n < threshold (a hidden cell of a
 *   planned window under the level rule: whenever n > 0, as in the window);
 * - 0 < n < threshold: `min_n` / `min_victims`, protected;
 * - the level rule: `level`, protected when n > 0;
 * - a scope whose `all` cell is below the threshold gets no report: every cell suppressed with
 *   the threshold reason; only its non-empty cells are protected.
 *
 * n = 0 is not primary: an empty group holds nobody whose answers could be disclosed, and the
 * suppression assumes the attacker knows which inner cells are empty anyway (see index.ts).
 * Except where the cell covers a block nobody answered in (`unknown`, decision 046): then its 0
 * stands for "0 to k − 1" and the cell is primary and protected like one with 1 to k − 1.
 */
export function primaryDecision(
  cell: CellSpec,
  n: number,
  scopeTotal: number | undefined,
  threshold: number,
  reason: SuppressionReason,
  unknown = false,
): PrimaryDecision {
  const someone = n > 0 || unknown;
  const small = someone && n < threshold;
  if (cell.previous === 'published') return { reason: null, protected: false };
  if (cell.previous === 'suppressed') return { reason: 'previous', protected: small };
  // A planned window cell (`planWindows`) keeps its level rule: protected whenever someone is in it.
  if (cell.hidden) return { reason: 'hidden', protected: small || (cell.levelAllowed === false && someone) };
  if (small) return { reason, protected: true };
  if (cell.levelAllowed === false) return { reason: 'level', protected: someone };
  if (scopeTotal !== undefined && scopeTotal < threshold) return { reason, protected: someone };
  return { reason: null, protected: false };
}

/** `all`-column counts per scope, from the release's own (non-previous, non-hidden) cells. */
export function scopeTotals(grid: DisclosureGrid, blocks: ReadonlyMap<string, Block>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const c of grid.cells) {
    if (c.scope === undefined || c.column !== 'all' || c.previous || c.hidden) continue;
    totals.set(c.scope, cellCount(c, blocks));
  }
  return totals;
}
