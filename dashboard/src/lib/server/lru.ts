/**
 * A small least-recently-used map: `get` refreshes an entry, `set` evicts the oldest entries
 * beyond `max`. Used for page data built from frozen releases (decision 031), which never goes
 * stale, so entries have no expiry; the bound keeps memory flat.
 */
export class Lru<V> {
  readonly #map = new Map<string, V>();
  constructor(readonly max: number) {
    if (!(max >= 1)) throw new RangeError('max must be at least 1');
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, v);
    return v;
  }

  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.max) {
      const oldest = this.#map.keys().next().value as string;
      this.#map.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#map.delete(key);
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  clear(): void {
    this.#map.clear();
  }
}
