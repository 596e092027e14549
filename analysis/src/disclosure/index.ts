/**
 * Disclosure control: primary suppression, complementary suppression over a whole release, and an
 * independent audit. Pure functions, no I/O.
 *
 * Model
 * - A `DisclosureGrid` is one base (`all` or `victims`) of one release. Its inner space is made of
 *   blocks: one inner row (a leaf unit, or the own staff of an internal unit) in one wave, with a
 *   count per column (`all` and `dimension:group`; groups add up to `all` per dimension).
 *   Inner cells are (block, column). Dimensions and groups are input, not hard-coded.
 * - Every cell (`CellSpec`) is the sum of one column over a set of blocks: a scope cell sums the
 *   blocks of the scope's inner rows, a pooled-window cell sums each inner row's latest wave, a
 *   hidden own-staff cell is one block. Cells of earlier frozen releases are included with
 *   `previous` set, over the same block ids (`withPrevious`). `buildGrid` builds a release's grid
 *   from a unit tree and per-unit counts.
 * - One-dimensional breakdowns only: the attacker's linear knowledge is exactly "all = sum of a
 *   dimension's groups" per block plus the published cells. (The LP over margins is exact for the
 *   cross-tab as well: any non-negative margins with equal totals come from a non-negative table.)
 *
 * Rules (`primaryDecision` in rules.ts). Threshold t = k (base `all`) or kVictims (base
 * `victims`), default 10.
 * - 0 < n < t: `min_n` / `min_victims`. A scope whose `all` cell is below t gets no report: all its
 *   cells are suppressed with that reason.
 * - `levelAllowed === false`: `level` (the caller builds a separate victims grid for perpetrator
 *   and discussion-partner indicators, with the flag set below the configured tier).
 * - hidden own-staff rows: `hidden`, never published.
 * - n = 0 is not primary. Choice: the attacker is assumed to know which inner cells are empty
 *   (which groups of a team have no respondents is often common knowledge, and an empty group
 *   holds nobody whose answers could be disclosed). That knowledge is built into the elimination,
 *   so publishing a 0 never helps an attack, and a suppressed cell with n = 0 is not protected.
 * - Protected cells (must not become derivable): suppressed cells with 0 < n < t, non-empty cells
 *   suppressed by the level rule, and hidden rows / earlier releases' suppressed cells with
 *   0 < n < t. Hidden rows with n >= t may be derivable (a group of at least t).
 * - Planned windows (`planWindows`, decision 082): a wave's grid may carry the cells of the pooled
 *   windows it will join as hidden cells (`planned`), protected as the window will protect them
 *   (0 < n < t, or n > 0 under the level rule), so the window stays publishable.
 * - Blocks nobody answered in (`Block.nobodyAnswered`, decision 046): a surveyed unit without
 *   respondents. The attacker is not assumed to know it is empty, so a cell over such a block
 *   with n < t is primary and protected even at n = 0, like one with 1 to t - 1. The walk refuses
 *   every candidate that makes any combination of such a block's inner cells derivable, and every
 *   other protection is decided as if those blocks were known to be empty (they never shield).
 *
 * Complementary suppression (`suppress`). Candidates are walked in priority order: previously
 * published cells first (fixed; if one exposes a protected cell the function throws
 * `FixedCellConflictError` listing them), then the `all` column, then higher tree levels (smaller
 * `depth`), then larger n, then id. A cell is published only if afterwards
 *   (1) no protected cell lies in the span of the published cells, and
 *   (2) insider rule: for every inner cell (block, column) holding exactly one respondent q, no
 *       protected cell other than q's own lies in span(published + q). That respondent knows their
 *       own answer, i.e. the value of q; a protected cell that becomes exact once q is known is
 *       disclosed to them. "q's own" = a protected cell whose vector equals q's (modulo empty
 *       cells): the respondent is the cell.
 *   Otherwise it is `complementary`. Arithmetic: exact integers (fraction-free elimination with
 *   gcd normalisation, guarded to stay below 2^53), incremental reduced row echelon basis over
 *   quotient coordinates (see suppress.ts), protected/singleton residuals hashed up to sign so a
 *   candidate costs one reduction plus updates of the residuals that touch its pivot.
 *   Limitation: each singleton is considered alone; one respondent alone in two different groups
 *   of the same block (e.g. the only woman and the only under-25) is not combined.
 *   Complementary cells are never derivable either: if one were, the protected cell it guarded
 *   would be too. Means and every indicator of a cell follow the pattern of its respondent count.
 *
 * Audit (`auditRelease`, separate code): rule check; rank test modulo the prime 2^26 - 5 in the raw
 * inner-cell space (ordered echelon form, margins and empty cells as explicit equations); insider
 * test; LP interval (HiGHS): min/max of each suppressed non-empty cell over non-negative inner
 * cells satisfying all published equations, width >= minWidth (default 1). By default the attacker
 * also knows which inner cells are empty (the stricter audit). The LP runs on suppressed cells
 * only, in one model per base: the true counts and every LP optimum are feasible points, so a
 * cell whose values over those points already differ by minWidth is proven wide enough; a few
 * aggregate objectives (min/max of the sum of the open cells) settle almost all cells, and only
 * the rest get their own min and max. `exactIntervals` solves every cell and returns intervals.
 * Hidden own-staff rows and earlier releases' cells are checked only when protected. Cells over
 * blocks nobody answered in are checked per set of such blocks with every other one known empty;
 * protected cells with every such block known empty; complements with them unknown (audit.ts).
 *
 * Measured (2-core machine, Node 20, synthetic 600-unit tree, 22 columns, ~14,900 cells per base):
 * suppression 0.5-1.3 s, audit 0.8-2.4 s (rank + insider 0.1-0.25 s, LP 0.7-2.1 s, 2-4 LP solves).
 * Value-dependent caveat: for indicator numerators (not counts), a published 0 or 100% of a large
 * group implies the same for its subgroups; that is information about the large group.
 *
 * Values (values.ts, decision 040): the pattern above protects counts against exact linear
 * combinations only. `auditValues` checks each published indicator with its values (an LP with
 * 0 <= count <= item n per inner cell, margins, every published count of the indicator, rounded
 * weighted values, the insider rule for counts); `protectIndicator` withdraws cells for one
 * indicator until no small count is pinned. The release service does not run them yet (decision
 * 040, "Status"): too slow and too wasteful on an organisation of the defence demo's size.
 *
 * `attack` (float elimination) and `attackerEquations` exist for tests.
 */
export * from './types.js';
export { suppress } from './suppress.js';
export { auditRelease } from './audit.js';
export { attack, attackerEquations, cellTerms, innerName, type Equation } from './attack.js';
export { buildGrid, withPrevious, planWindows, blockId, cellId, type GridInput, type UnitCounts, type UnitSpec } from './grid.js';
export { columnsOf, primaryDecision, thresholdOf, validateGrid, cellCount, DEFAULT_K } from './rules.js';
export { auditValues, protectIndicator, withdrawalCost, valueTrace, indicatorEquations, propagatedBounds, type BlockValues, type ExtraSum, type ValueInput, type ValueFailure, type ValueReport, type ProtectOptions, type ProtectResult } from './values.js';
