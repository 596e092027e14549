/**
 * The unit picker: every unit below a unit that the reader may read in a release (the release's
 * scopes are already filtered to the reader by the API), as the tree in tree order, and the
 * parent as an "up" link when the reader may read it.
 */
export interface ScopeInfo {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

export interface PickerGroup {
  /** The child of the current unit that heads this branch of the tree. */
  label: string;
  /** That child first, then everything below it depth first (children by name); depth 1 = the child. */
  units: { code: string; name: string; level: string; parentName: string; depth: number }[];
}

export interface UnitTree {
  groups: PickerGroup[];
  up: { code: string; name: string } | null;
}

/**
 * The picker as the tree itself, in tree order: one group per child of `code`, holding that child
 * and its descendants depth first (a battalion right above its companies), siblings by name.
 */
export function unitTree(scopes: readonly ScopeInfo[], code: string): UnitTree {
  const byCode = new Map(scopes.map((s) => [s.code, s]));
  const children = new Map<string, ScopeInfo[]>();
  for (const s of scopes) {
    if (s.parent === null || s.parent === s.code) continue;
    children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
  }
  const byName = (a: ScopeInfo, b: ScopeInfo) => a.name.localeCompare(b.name) || a.code.localeCompare(b.code);
  for (const list of children.values()) list.sort(byName);
  const seen = new Set([code]);
  const groups: PickerGroup[] = [];
  for (const top of children.get(code) ?? []) {
    if (seen.has(top.code)) continue;
    const units: PickerGroup['units'] = [];
    const walk = (s: ScopeInfo, depth: number) => {
      if (seen.has(s.code) || depth > 50) return;
      seen.add(s.code);
      units.push({ code: s.code, name: s.name, level: s.level, parentName: byCode.get(s.parent ?? '')?.name ?? s.parent ?? '', depth });
      for (const c of children.get(s.code) ?? []) walk(c, depth + 1);
    };
    walk(top, 1);
    groups.push({ label: top.name, units });
  }
  const self = byCode.get(code);
  const parent = self?.parent && self.parent !== code ? byCode.get(self.parent) : undefined;
  return { groups, up: parent ? { code: parent.code, name: parent.name } : null };
}
