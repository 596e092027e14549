import { columnsOf } from './rules.js';
import {
  DisclosureInputError,
  type Block,
  type CellSpec,
  type DisclosureGrid,
  type Dimension,
  type SuppressionResult,
} from './types.js';

export interface UnitSpec {
  readonly code: string;
  readonly parent: string | null;
  /** Level rule for this unit's scope (default true). */
  readonly levelAllowed?: boolean;
}

/** Respondents attached directly to a unit in a wave (own staff for an internal unit). */
export interface UnitCounts {
  readonly unit: string;
  readonly wave: string;
  readonly counts: Readonly<Record<string, number>>;
  /** The wave surveyed the unit and nobody answered (counts must be empty or 0; decision 046). */
  readonly nobodyAnswered?: boolean;
}

export interface GridInput {
  /** Wave code or window label; prefixes every cell id. */
  readonly period: string;
  /** The unit tree this release reports on (after any reorganisation). */
  readonly units: readonly UnitSpec[];
  readonly dimensions: readonly Dimension[];
  /**
   * Waves of the period, oldest first: one wave for a wave release; for a pooled window, each
   * unit contributes its latest wave in this list that has counts for it.
   */
  readonly waves: readonly string[];
  readonly counts: readonly UnitCounts[];
}

/** Block id of a unit's own respondents in a wave. */
export function blockId(unit: string, wave: string): string {
  return `${unit}@${wave}`;
}

/** Cell id of a scope cell, or (`own`) of a hidden own-staff row. */
export function cellId(period: string, scope: string, column: string, own = false): string {
  return own ? `${period}|${scope}|own|${column}` : `${period}|${scope}|${column}`;
}

/**
 * Builds the scope x column grid of one base of one release from a unit tree and per-unit counts:
 * one cell per unit scope and column, plus hidden own-staff rows for internal units that have
 * respondents of their own. Blocks come out in depth-first order.
 *
 * @example
 * buildGrid({ period: 'W1', units: [{ code: 'B', parent: null }, { code: 'C1', parent: 'B' }],
 *   dimensions: [{ name: 'gender', groups: ['man', 'vrouw'] }], waves: ['W1'],
 *   counts: [{ unit: 'C1', wave: 'W1', counts: { all: 12, 'gender:man': 12 } }] });
 */
export function buildGrid(input: GridInput): DisclosureGrid {
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  const known = new Set(input.units.map((u) => u.code));
  for (const u of input.units) {
    if (u.parent === null) roots.push(u.code);
    else {
      if (!known.has(u.parent)) throw new DisclosureInputError(`unit ${u.code}: unknown parent ${u.parent}`);
      const list = children.get(u.parent) ?? [];
      list.push(u.code);
      children.set(u.parent, list);
    }
  }
  const waveRank = new Map(input.waves.map((w, i) => [w, i]));
  const latest = new Map<string, UnitCounts>();
  for (const c of input.counts) {
    const rank = waveRank.get(c.wave);
    if (rank === undefined || !known.has(c.unit)) continue;
    const prev = latest.get(c.unit);
    if (!prev || (waveRank.get(prev.wave) ?? -1) < rank) latest.set(c.unit, c);
  }
  const unitOf = new Map(input.units.map((u) => [u.code, u]));
  const columns = columnsOf({ dimensions: input.dimensions, blocks: [], cells: [] });
  const blocks: Block[] = [];
  const cells: CellSpec[] = [];
  const visiting = new Set<string>();

  const visit = (code: string, depth: number): string[] => {
    if (visiting.has(code)) throw new DisclosureInputError(`unit tree has a cycle at ${code}`);
    visiting.add(code);
    const own = latest.get(code);
    const kids = children.get(code) ?? [];
    const ownBlock = own ? blockId(code, own.wave) : undefined;
    if (own && ownBlock) blocks.push({ id: ownBlock, counts: own.counts, ...(own.nobodyAnswered ? { nobodyAnswered: true } : {}) });
    const subtree = ownBlock ? [ownBlock] : [];
    for (const k of kids) subtree.push(...visit(k, depth + 1));
    const unit = unitOf.get(code);
    for (const col of columns) {
      cells.push({
        id: cellId(input.period, code, col),
        column: col,
        blocks: subtree,
        scope: code,
        depth,
        ...(unit?.levelAllowed === false ? { levelAllowed: false } : {}),
      });
      // Own staff where nobody answered get their hidden row too: it must be as protected as a few.
      if (kids.length > 0 && ownBlock && ((own?.counts.all ?? 0) > 0 || own?.nobodyAnswered)) {
        cells.push({ id: cellId(input.period, code, col, true), column: col, blocks: [ownBlock], depth: depth + 1, hidden: true });
      }
    }
    return subtree;
  };
  for (const r of roots) visit(r, 0);
  if (visiting.size !== input.units.length) throw new DisclosureInputError('unit tree has a cycle');
  return { dimensions: input.dimensions, blocks, cells };
}

/**
 * Adds the cells of earlier frozen releases to a release's grid as fixed cells: what they
 * published stays published, what they suppressed stays suppressed (and protected when small).
 * Blocks are merged by id; one id must carry the same counts everywhere.
 */
export function withPrevious(
  grid: DisclosureGrid,
  previous: readonly { readonly grid: DisclosureGrid; readonly result: SuppressionResult }[],
): DisclosureGrid {
  const blocks = new Map<string, Block>(grid.blocks.map((b) => [b.id, b]));
  const cells: CellSpec[] = [...grid.cells];
  const ids = new Set(cells.map((c) => c.id));
  for (const p of previous) {
    for (const b of p.grid.blocks) mergeBlock(blocks, b, 'an earlier release');
    for (const c of p.grid.cells) {
      if (ids.has(c.id)) continue;
      const status = p.result.byId.get(c.id);
      if (!status) throw new DisclosureInputError(`earlier release has no status for ${c.id}`);
      ids.add(c.id);
      cells.push({ ...c, previous: status.suppressed ? 'suppressed' : 'published' });
    }
  }
  return { dimensions: grid.dimensions, blocks: [...blocks.values()], cells };
}

/**
 * Plans a wave with the pooled windows it will join (decision 082): every cell of each window
 * that the grid does not already have becomes a hidden cell of the grid, marked `planned` with
 * the window's period. Hidden cells are never published and are protected when 0 < n < k, so the
 * wave publishes nothing that, together with an insider's own answer or by subtraction, gives a
 * small cell of the window away. Without this a window cell can be derivable from the waves
 * alone ("wave total minus the one woman of the unit that was surveyed again"), and the window
 * can then never be published. Blocks are merged by id as in `withPrevious`.
 *
 * @example
 * const wave = planWindows(buildGrid({ period: 'W2', ... }), [{ period: 'W2-W3', grid: windowGrid }]);
 */
export function planWindows(
  grid: DisclosureGrid,
  windows: readonly { readonly period: string; readonly grid: DisclosureGrid }[],
): DisclosureGrid {
  const blocks = new Map<string, Block>(grid.blocks.map((b) => [b.id, b]));
  const cells: CellSpec[] = [...grid.cells];
  const ids = new Set(cells.map((c) => c.id));
  for (const w of windows) {
    for (const b of w.grid.blocks) mergeBlock(blocks, b, `window ${w.period}`);
    for (const c of w.grid.cells) {
      if (ids.has(c.id) || c.previous) continue;
      ids.add(c.id);
      // Not a scope of this release (no unit-below-k rule: a cell of a scope below k is below k
      // itself). The level rule stays: the window protects such a cell whenever someone is in it.
      const { scope: _s, ...rest } = c;
      cells.push({ ...rest, hidden: true, planned: w.period });
    }
  }
  return { dimensions: grid.dimensions, blocks: [...blocks.values()], cells };
}

/**
 * Merges a block of another grid by id: one id must carry the same counts everywhere, and a block
 * any grid treats as nobody answered in stays unknown (stricter wins).
 */
function mergeBlock(blocks: Map<string, Block>, b: Block, where: string): void {
  const have = blocks.get(b.id);
  if (!have) blocks.set(b.id, b);
  else if (JSON.stringify(sorted(have.counts)) !== JSON.stringify(sorted(b.counts))) {
    throw new DisclosureInputError(`block ${b.id} has different counts in ${where}`);
  } else if (b.nobodyAnswered && !have.nobodyAnswered) {
    blocks.set(b.id, { ...have, nobodyAnswered: true });
  }
}

function sorted(r: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(r)
    .filter(([, v]) => v !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
