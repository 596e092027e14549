/** Shared look-ups over generated demo data (each test file generates its own data once). */
import type { DemoData, DemoUnit } from '../../src/demo/index.js';

export function childrenOf(units: readonly DemoUnit[]): Map<string, DemoUnit[]> {
  const m = new Map<string, DemoUnit[]>();
  for (const u of units) {
    if (u.parent === null) continue;
    const list = m.get(u.parent) ?? [];
    list.push(u);
    m.set(u.parent, list);
  }
  return m;
}

export function depthOf(units: readonly DemoUnit[]): Map<string, number> {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const depth = new Map<string, number>();
  const get = (code: string): number => {
    const known = depth.get(code);
    if (known !== undefined) return known;
    const u = byCode.get(code);
    const d = !u || u.parent === null ? 1 : get(u.parent) + 1;
    depth.set(code, d);
    return d;
  };
  for (const u of units) get(u.code);
  return depth;
}

/** headcount[period][unit][`${dimension}/${group}`] */
export function headcounts(data: Pick<DemoData, 'population'>): Map<string, Map<string, Map<string, number>>> {
  const m = new Map<string, Map<string, Map<string, number>>>();
  for (const r of data.population) {
    let p = m.get(r.period);
    if (!p) m.set(r.period, (p = new Map()));
    let u = p.get(r.unit);
    if (!u) p.set(r.unit, (u = new Map()));
    u.set(`${r.dimension}/${r.group}`, r.headcount);
  }
  return m;
}

/** Respondents per `${wave}|${unit}` counting everything below the unit. */
export function respondentsInSubtree(data: Pick<DemoData, 'units' | 'responses'>): Map<string, number> {
  const parent = new Map(data.units.map((u) => [u.code, u.parent]));
  const m = new Map<string, number>();
  for (const r of data.responses) {
    let code: string | null | undefined = r.unit;
    while (code) {
      const key = `${r.wave}|${code}`;
      m.set(key, (m.get(key) ?? 0) + 1);
      code = parent.get(code);
    }
  }
  return m;
}
