/** Seeded randomness for the synthetic organisations and the property tests. */

/** mulberry32: a small seeded generator, so that a synthetic organisation is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One seed for every property run of a file, so that CI is reproducible: a failure names its seed,
 * and `FC_SEED=<n>` reruns another sample (`FC_SEED=random` draws one).
 */
export function propertySeed(fixed: number): number {
  return process.env['FC_SEED'] === 'random' ? Date.now() | 0 : Number(process.env['FC_SEED'] ?? fixed);
}
