/**
 * The unit picker: every unit below a unit that the reader may read in a release (the release's
 * scopes are already filtered to the reader by the API), grouped by level in tree order, and the
 * parent as an "up" link when the reader may read it.
 */
export interface ScopeInfo {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

export interface PickerGroup {
  level: string;
  units: { code: string; name: string; parentName: string }[];
}

export interface UnitTree {
  groups: PickerGroup[];
  up: { code: string; name: string } | null;
}

export function unitTree(scopes: readonly ScopeInfo[], code: string): UnitTree {
  const byCode = new Map(scopes.map((s) => [s.code, s]));
  const children = new Map<string, ScopeInfo[]>();
  for (const s of scopes) {
    if (s.parent === null || s.parent === s.code) continue;
    children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
  }
  const groups = new Map<string, PickerGroup>();
  // Breadth first: levels come out in tree order, each group sorted by name below.
  let frontier = [code];
  const seen = new Set([code]);
  while (frontier.length) {
    const next: string[] = [];
    for (const c of frontier) {
      for (const child of children.get(c) ?? []) {
        if (seen.has(child.code)) continue;
        seen.add(child.code);
        next.push(child.code);
        const g = groups.get(child.level) ?? { level: child.level, units: [] };
        g.units.push({ code: child.code, name: child.name, parentName: byCode.get(c)?.name ?? c });
        groups.set(child.level, g);
      }
    }
    frontier = next;
  }
  for (const g of groups.values()) g.units.sort((a, b) => a.name.localeCompare(b.name) || a.code.localeCompare(b.code));
  const self = byCode.get(code);
  const parent = self?.parent && self.parent !== code ? byCode.get(self.parent) : undefined;
  return { groups: [...groups.values()], up: parent ? { code: parent.code, name: parent.name } : null };
}
