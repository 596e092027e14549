/**
 * The unprotected rows of a period table kept in compact columns while a release is built: a
 * window has over a million rows, which as objects take ~3× the memory (issue 10, decision 046
 * addendum "Memory"). Strings are stored once in a dictionary, numbers in typed arrays; `get`
 * gives a row back as the same `TableRow` object the table emitted (values exact: doubles are
 * stored as doubles).
 */
import type { TableRow } from './build.js';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;
/** String columns per row: scope, period, dimension, group, indicator, option, base. */
const S = 7;
/** Number columns per row: n, count, value, ciLow, ciHigh. */
const N = 5;
const COUNT_NULL = 1;
const WITHHELD = 2;

interface Chunk {
  strings: Uint32Array;
  numbers: Float64Array;
  flags: Uint8Array;
}

export class CompactRows {
  length = 0;
  private readonly dictionary: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly chunks: Chunk[] = [];

  /** The dictionary id of a string (the same id in every column). */
  private id(x: string): number {
    let i = this.index.get(x);
    if (i === undefined) {
      i = this.dictionary.length;
      this.dictionary.push(x);
      this.index.set(x, i);
    }
    return i;
  }

  push(r: TableRow): void {
    const at = this.length & MASK;
    if (at === 0) this.chunks.push({ strings: new Uint32Array(CHUNK * S), numbers: new Float64Array(CHUNK * N), flags: new Uint8Array(CHUNK) });
    const c = this.chunks[this.chunks.length - 1]!;
    const s = at * S;
    c.strings[s] = this.id(r.scope); c.strings[s + 1] = this.id(r.period); c.strings[s + 2] = this.id(r.dimension);
    c.strings[s + 3] = this.id(r.group); c.strings[s + 4] = this.id(r.indicator); c.strings[s + 5] = this.id(r.option);
    c.strings[s + 6] = this.id(r.base);
    const n = at * N;
    c.numbers[n] = r.n; c.numbers[n + 1] = r.count ?? 0; c.numbers[n + 2] = r.value; c.numbers[n + 3] = r.ciLow; c.numbers[n + 4] = r.ciHigh;
    c.flags[at] = (r.count === null ? COUNT_NULL : 0) | (r.withheld ? WITHHELD : 0);
    this.length++;
  }

  /** Row `i` as a new object, as it was pushed (same properties in the same order). */
  get(i: number): TableRow {
    if (i < 0 || i >= this.length) throw new RangeError(`row ${i} of ${this.length}`);
    const c = this.chunks[i >>> CHUNK_BITS]!;
    const at = i & MASK;
    const s = at * S;
    const n = at * N;
    const d = this.dictionary;
    const flags = c.flags[at]!;
    return {
      scope: d[c.strings[s]!]!, period: d[c.strings[s + 1]!]!, dimension: d[c.strings[s + 2]!]!, group: d[c.strings[s + 3]!]!,
      indicator: d[c.strings[s + 4]!]!, option: d[c.strings[s + 5]!]!, base: d[c.strings[s + 6]!]! as TableRow['base'],
      n: c.numbers[n]!, count: flags & COUNT_NULL ? null : c.numbers[n + 1]!, value: c.numbers[n + 2]!, ciLow: c.numbers[n + 3]!, ciHigh: c.numbers[n + 4]!,
      ...(flags & WITHHELD ? { withheld: true as const } : {}),
    };
  }

  /** Replaces row `i`'s value and interval (the published rounding). */
  setEstimate(i: number, value: number, ciLow: number, ciHigh: number): void {
    const c = this.chunks[i >>> CHUNK_BITS]!;
    const n = (i & MASK) * N;
    c.numbers[n + 2] = value; c.numbers[n + 3] = ciLow; c.numbers[n + 4] = ciHigh;
  }
}
