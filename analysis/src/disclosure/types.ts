/** A reporting dimension and its groups (including `onbekend` where the instrument has it). */
export interface Dimension {
  readonly name: string;
  readonly groups: readonly string[];
}

/**
 * An inner block: the respondents of one inner row (a leaf unit, or the own staff of an internal
 * unit) in one wave. `counts` is keyed by column (`all`, or `dimension:group`); a missing column
 * is 0. For every dimension the groups must add up to `all`.
 */
export interface Block {
  readonly id: string;
  readonly counts: Readonly<Record<string, number>>;
  /**
   * A surveyed inner row where nobody answered (decision 046): every count is 0, but the attacker
   * is not assumed to know that. Its inner cells are unknowns like a small unit's, its cells are
   * primary suppressed and must not become derivable, and it never shields anything else.
   */
  readonly nobodyAnswered?: boolean;
}

/** Whether a cell belongs to an earlier frozen release, and what that release did with it. */
export type PreviousStatus = 'published' | 'suppressed';

/**
 * One cell of the release (or of an earlier release): the sum over `blocks` of one column.
 * A grid cell of scope S is the sum over the blocks of S's inner rows; a window cell sums each
 * inner row's latest wave; an own-staff remainder row is a `hidden` cell over one block.
 */
export interface CellSpec {
  readonly id: string;
  /** `all` or `dimension:group`. */
  readonly column: string;
  readonly blocks: readonly string[];
  /** The unit whose scope this is; cells of one scope share it (used by the unit-below-k rule). */
  readonly scope?: string;
  /** Depth of the scope in the unit tree (0 = root); higher levels are published first. */
  readonly depth?: number;
  /** Hidden remainder row (own staff): never published, protected when 0 < n < k. */
  readonly hidden?: boolean;
  /** Level rule: false when this cell's breakdown is not allowed at this unit's tier. */
  readonly levelAllowed?: boolean;
  /** Set for cells of earlier frozen releases (fixed: they cannot change). */
  readonly previous?: PreviousStatus;
  /** A hidden cell of a pooled window this wave will join (`planWindows`): that window's period. */
  readonly planned?: string;
}

/** Everything the suppression and the audit need about one base of one release. */
export interface DisclosureGrid {
  readonly dimensions: readonly Dimension[];
  readonly blocks: readonly Block[];
  readonly cells: readonly CellSpec[];
}

export type Base = 'all' | 'victims';

export interface DisclosureRules {
  /** Which base this grid is: decides the threshold (k or kVictims) and the reason name. */
  readonly base: Base;
  /** Minimum group size for base `all` (default 10). */
  readonly k?: number;
  /** Minimum number of victims for base `victims` (default 10). */
  readonly kVictims?: number;
}

export type SuppressionReason =
  | 'min_n'
  | 'min_victims'
  | 'level'
  | 'complementary'
  | 'hidden'
  | 'previous';

export interface CellStatus {
  readonly id: string;
  /** Respondents in the cell (sum of the block counts). */
  readonly n: number;
  readonly suppressed: boolean;
  /** Null for a published cell. `previous` marks a cell an earlier release suppressed. */
  readonly reason: SuppressionReason | null;
  /**
   * True when the cell must not be derivable: a suppressed cell with 0 < n < threshold, or any
   * non-empty cell withheld by the level rule.
   */
  readonly protected: boolean;
}

export interface SuppressionStats {
  readonly cells: number;
  readonly primary: number;
  readonly complementary: number;
  readonly published: number;
  /** Distinct vectors watched during the walk (protected cells and singleton coordinates). */
  readonly watched: number;
  readonly basisRank: number;
  readonly millis: number;
}

export interface SuppressionResult {
  readonly cells: readonly CellStatus[];
  readonly byId: ReadonlyMap<string, CellStatus>;
  readonly stats: SuppressionStats;
}

export type AuditCheck = 'rule' | 'rank' | 'insider' | 'lp';

export interface AuditFailure {
  readonly cellId: string;
  readonly check: AuditCheck;
  readonly detail: string;
}

export interface AuditOptions {
  /** Minimum attacker interval width in respondents (default 1). */
  readonly minWidth?: number;
  /** Run the LP interval check (default true). */
  readonly lp?: boolean;
  /** Assume the attacker knows which inner cells are empty (default true: the stricter audit). */
  readonly attackerKnowsEmptyCells?: boolean;
  /**
   * Solve min and max for every checked cell and return the intervals. Default false: cells whose
   * width is already shown by known feasible points (the true counts and earlier LP optima) skip
   * their own LPs, which is what makes the audit of a full release fast.
   */
  readonly exactIntervals?: boolean;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly failures: readonly AuditFailure[];
  /** Suppressed non-empty cells checked by the rank and LP tests. */
  readonly checkedCells: number;
  readonly lpSolves: number;
  /** Attacker intervals [min, max] per checked cell, with `exactIntervals`. */
  readonly intervals?: ReadonlyMap<string, readonly [number, number]>;
  readonly millis: { readonly rank: number; readonly lp: number };
}

/** Thrown for input that cannot describe a release (unknown block, margins that do not add up). */
export class DisclosureInputError extends Error {
  override readonly name = 'DisclosureInputError';
}

export interface FixedConflict {
  /** The previously published cell that cannot be withdrawn. */
  readonly cellId: string;
  /** Protected cells (or singleton coordinates) it makes derivable. */
  readonly reveals: readonly string[];
  /** Windows (periods) whose planned hidden cells are among `reveals` (`planWindows`). */
  readonly plannedWindows?: readonly string[];
  /** Every cell in `reveals` is a planned cell of a window: none of this release's own is at stake. */
  readonly onlyPlanned?: boolean;
}

/**
 * Thrown when cells published by earlier releases already make a protected cell of this release
 * derivable: nothing this release suppresses can repair that, so it must not be frozen. The
 * message says what would have to change (decision 082): the earlier releases had to be built
 * with this release planned; a wave that plans a window the earlier releases already give away
 * can be built without planning it (the window then cannot be published).
 */
export class FixedCellConflictError extends Error {
  override readonly name = 'FixedCellConflictError';
  /**
   * The windows to build this release without, when every conflict reveals only their planned
   * cells (this release's own cells are not at stake); undefined otherwise.
   */
  plannedOnly(): string[] | undefined {
    if (this.conflicts.length === 0 || !this.conflicts.every((c) => c.onlyPlanned)) return undefined;
    return [...new Set(this.conflicts.flatMap((c) => c.plannedWindows ?? []))].sort();
  }

  constructor(readonly conflicts: readonly FixedConflict[]) {
    const windows = [...new Set(conflicts.flatMap((c) => c.plannedWindows ?? []))].sort();
    super(
      `previously published cells make protected cells derivable: ${conflicts
        .map((c) => `${c.cellId} -> ${c.reveals.join(', ')}`)
        .join('; ')}. No pattern of this release can hide them: the earlier releases that published ` +
        `those cells were not built with these cells planned (a wave must be built with the pooled ` +
        `windows it will join, decision 082)` +
        (windows.length > 0
          ? `. Among them are cells of the window${windows.length > 1 ? 's' : ''} ${windows.join(', ')} that this ` +
            `release plans for: ${windows.length > 1 ? 'those windows' : 'that window'} cannot be published on ` +
            `this history; build this release without planning ${windows.length > 1 ? 'them' : 'it'}`
          : ''),
    );
  }
}
