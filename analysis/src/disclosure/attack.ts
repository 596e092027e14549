import type { DisclosureGrid, SuppressionResult } from './types.js';

/** A linear equation over named inner cells: sum of terms[name] * x[name] = value. */
export interface Equation {
  readonly terms: Readonly<Record<string, number>>;
  readonly value: number;
}

/** Name of the inner cell (block, column) used by the attack helpers. */
export function innerName(block: string, column: string): string {
  return `${block}|${column}`;
}

/**
 * What an outside attacker knows about one base of a release: every published cell with its count,
 * "all = sum of groups" for every block and dimension, and (by default) which inner cells are empty.
 * `singletons` adds what insiders know: the named inner cells with their true counts.
 */
export function attackerEquations(
  grid: DisclosureGrid,
  result: SuppressionResult,
  options: {
    readonly knowEmpty?: boolean;
    readonly singletons?: readonly string[];
    /** Blocks nobody answered in that this attacker knows are empty (default none; decision 046). */
    readonly knownNobodyAnswered?: readonly string[];
  } = {},
): Equation[] {
  const eqs: Equation[] = [];
  const counts = new Map<string, number>();
  const known = new Set(options.knownNobodyAnswered ?? []);
  for (const b of grid.blocks) {
    // A block nobody answered in is not known to be empty (unless this attacker is told so).
    const unknown = b.nobodyAnswered === true && !known.has(b.id);
    const all = innerName(b.id, 'all');
    if (!unknown) counts.set(all, b.counts.all ?? 0);
    for (const d of grid.dimensions) {
      const terms: Record<string, number> = { [all]: 1 };
      for (const g of d.groups) {
        const name = innerName(b.id, `${d.name}:${g}`);
        if (!unknown) counts.set(name, b.counts[`${d.name}:${g}`] ?? 0);
        terms[name] = -1;
      }
      eqs.push({ terms, value: 0 });
    }
  }
  if (options.knowEmpty ?? true) {
    for (const [name, c] of counts) if (c === 0) eqs.push({ terms: { [name]: 1 }, value: 0 });
  }
  for (const s of options.singletons ?? []) eqs.push({ terms: { [s]: 1 }, value: counts.get(s) ?? 0 });
  for (const c of grid.cells) {
    const status = result.byId.get(c.id);
    if (!status || status.suppressed) continue;
    eqs.push({ terms: cellTerms(c.blocks, c.column), value: status.n });
  }
  return eqs;
}

/** The terms of a cell summing one column over blocks. */
export function cellTerms(blocks: readonly string[], column: string): Record<string, number> {
  return Object.fromEntries(blocks.map((b) => [innerName(b, column), 1]));
}

/**
 * Test helper: Gaussian elimination in floating point (tolerance 1e-9, largest-pivot choice).
 * For each target returns its value when the equations determine it exactly, else undefined.
 *
 * @example
 * attack([{ terms: { a: 1, b: 1 }, value: 6 }, { terms: { a: 1 }, value: 5 }], [{ b: 1 }]); // [1]
 */
export function attack(
  equations: readonly Equation[],
  targets: readonly Readonly<Record<string, number>>[],
  tolerance = 1e-9,
): (number | undefined)[] {
  const rows = new Map<string, { terms: Map<string, number>; value: number }>();
  const users = new Map<string, Set<string>>();
  const reduce = (terms: Map<string, number>): number => {
    let value = 0;
    for (const k of [...terms.keys()]) {
      const row = rows.get(k);
      const c = terms.get(k);
      if (!row || c === undefined) continue;
      for (const [j, v] of row.terms) {
        const w = (terms.get(j) ?? 0) - c * v;
        if (Math.abs(w) <= tolerance) terms.delete(j);
        else terms.set(j, w);
      }
      value += c * row.value;
    }
    return value;
  };
  for (const eq of equations) {
    const terms = new Map(Object.entries(eq.terms).filter(([, v]) => v !== 0));
    const value = eq.value - reduce(terms);
    let pivot: string | undefined;
    let best = 0;
    for (const [k, v] of terms) {
      if (Math.abs(v) > best) {
        best = Math.abs(v);
        pivot = k;
      }
    }
    if (pivot === undefined) continue;
    const scale = terms.get(pivot) as number;
    for (const [k, v] of terms) terms.set(k, v / scale);
    const row = { terms, value: value / scale };
    for (const name of [...(users.get(pivot) ?? [])]) {
      const other = rows.get(name);
      if (!other) continue;
      const c = other.terms.get(pivot) ?? 0;
      for (const [j, v] of terms) {
        const w = (other.terms.get(j) ?? 0) - c * v;
        if (Math.abs(w) <= tolerance) {
          other.terms.delete(j);
          users.get(j)?.delete(name);
        } else {
          other.terms.set(j, w);
          let u = users.get(j);
          if (!u) users.set(j, (u = new Set()));
          u.add(name);
        }
      }
      other.value -= c * row.value;
    }
    rows.set(pivot, row);
    for (const k of terms.keys()) {
      let u = users.get(k);
      if (!u) users.set(k, (u = new Set()));
      u.add(pivot);
    }
  }
  return targets.map((t) => {
    const terms = new Map(Object.entries(t).filter(([, v]) => v !== 0));
    const value = reduce(terms);
    return terms.size === 0 ? value : undefined;
  });
}
