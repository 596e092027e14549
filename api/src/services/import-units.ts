/**
 * `import units FILE`: load or update the unit tree, all or nothing.
 *
 * A root unit (empty parent) is an organisation; its settings start at the defaults of
 * docs/methods.md (k = 10, k_victims = 10) and are changed through the organisation settings.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { organisations, units } from '../db/schema.js';
import { ImportError, type RowIssue } from '../errors.js';
import { isIsoDate, readTable } from '../csv/table.js';

export const UNIT_COLUMNS = ['code', 'parent', 'name', 'level', 'excluded_from_pooling', 'valid_from', 'valid_to'] as const;

export interface UnitInput {
  code: string;
  parent: string | null;
  name: string;
  level: string;
  excludedFromPooling: boolean;
  validFrom: string | null;
  validTo: string | null;
}

export interface ImportSummary {
  inserted: number;
  updated: number;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Parses and checks a units.csv text against the units already stored. Throws ImportError. */
export async function parseUnitsCsv(db: Db, text: string, file = 'units.csv'): Promise<UnitInput[]> {
  const issues: RowIssue[] = [];
  const table = readTable(text, UNIT_COLUMNS, issues);
  const inputs: (UnitInput & { line: number })[] = [];
  const lineOf = new Map<string, number>();
  for (const row of table.rows) {
    const code = row.get('code');
    const parent = row.get('parent');
    const excluded = row.get('excluded_from_pooling').toLowerCase();
    const validFrom = row.get('valid_from');
    const validTo = row.get('valid_to');
    const bad = (column: string, reason: string) => issues.push({ line: row.line, column, reason });
    if (!code) bad('code', 'a unit code is required');
    else if (!CODE.test(code)) bad('code', `"${code}" is not a valid code (letters, digits, - _ . only)`);
    else if (lineOf.has(code)) bad('code', `duplicate code "${code}" (first on line ${lineOf.get(code)})`);
    else lineOf.set(code, row.line);
    if (parent && parent === code) bad('parent', 'a unit cannot be its own parent');
    if (!row.get('name')) bad('name', 'a name is required');
    if (!row.get('level')) bad('level', 'a level is required');
    if (!['', 'true', 'false'].includes(excluded)) bad('excluded_from_pooling', `"${row.get('excluded_from_pooling')}" is not true or false`);
    if (validFrom && !isIsoDate(validFrom)) bad('valid_from', `"${validFrom}" is not a date (YYYY-MM-DD)`);
    if (validTo && !isIsoDate(validTo)) bad('valid_to', `"${validTo}" is not a date (YYYY-MM-DD)`);
    if (validFrom && validTo && isIsoDate(validFrom) && isIsoDate(validTo) && validFrom > validTo) {
      bad('valid_to', `ends (${validTo}) before it starts (${validFrom})`);
    }
    inputs.push({
      line: row.line, code, parent: parent || null, name: row.get('name'), level: row.get('level'),
      excludedFromPooling: excluded === 'true', validFrom: validFrom || null, validTo: validTo || null,
    });
  }
  // Parents must exist in the file or in the database, and the tree must have no cycles.
  const stored = await db.select({ code: units.code, parentId: units.parentId, id: units.id }).from(units);
  const storedById = new Map(stored.map((s) => [s.id, s.code]));
  const parentOf = new Map<string, string | null>(stored.map((s) => [s.code, s.parentId === null ? null : storedById.get(s.parentId) ?? null]));
  for (const u of inputs) parentOf.set(u.code, u.parent);
  for (const u of inputs) {
    if (u.parent && !parentOf.has(u.parent)) {
      issues.push({ line: u.line, column: 'parent', reason: `unknown parent unit "${u.parent}"` });
      continue;
    }
    const seen = new Set<string>([u.code]);
    let p = u.parent;
    while (p) {
      if (seen.has(p)) { issues.push({ line: u.line, column: 'parent', reason: `the parent chain of "${u.code}" forms a cycle` }); break; }
      seen.add(p);
      p = parentOf.get(p) ?? null;
    }
  }
  if (issues.length === 0 && inputs.length === 0) issues.push({ line: 2, column: '', reason: 'the file has no units' });
  if (issues.length > 0) throw new ImportError(file, issues);
  return inputs.map(({ line: _line, ...u }) => u);
}

/** Writes units (parents first) in one transaction. */
export async function saveUnits(db: Db, inputs: UnitInput[]): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    const existing = new Map((await tx.select().from(units)).map((u) => [u.code, u]));
    const codeById = new Map([...existing.values()].map((u) => [u.id, u.code]));
    const orgByCode = new Map((await tx.select().from(organisations)).map((o) => [o.code, o]));
    const byCode = new Map(inputs.map((u) => [u.code, u]));
    const rootOf = (code: string): string => {
      let c = code;
      for (;;) {
        const input = byCode.get(c);
        const parent = input ? input.parent : (() => {
          const e = existing.get(c);
          return e && e.parentId !== null ? codeById.get(e.parentId) ?? null : null;
        })();
        if (!parent) return c;
        c = parent;
      }
    };
    const depth = (code: string): number => {
      let d = 0; let c: string | null = code;
      while (c) { const i = byCode.get(c); c = i ? i.parent : null; if (c) d += 1; }
      return d;
    };
    const ordered = [...inputs].sort((a, b) => depth(a.code) - depth(b.code));
    let inserted = 0;
    let updated = 0;
    for (const u of ordered) {
      const rootCode = rootOf(u.code);
      let org = orgByCode.get(rootCode);
      if (!org) {
        const root = byCode.get(rootCode);
        [org] = await tx.insert(organisations).values({ code: rootCode, name: root?.name ?? rootCode }).returning();
        orgByCode.set(rootCode, org!);
      }
      const parentId = u.parent ? existing.get(u.parent)?.id ?? null : null;
      const values = {
        organisationId: org!.id, code: u.code, parentId, name: u.name, level: u.level,
        excludedFromPooling: u.excludedFromPooling, validFrom: u.validFrom, validTo: u.validTo,
      };
      const prior = existing.get(u.code);
      if (prior) {
        if (prior.organisationId !== org!.id) {
          throw new ImportError('units', [{ line: 0, column: 'parent', reason: `unit "${u.code}" cannot move to another organisation` }]);
        }
        const [row] = await tx.update(units).set(values).where(eq(units.id, prior.id)).returning();
        existing.set(u.code, row!);
        updated += 1;
      } else {
        const [row] = await tx.insert(units).values(values).returning();
        existing.set(u.code, row!);
        inserted += 1;
      }
    }
    return { inserted, updated };
  });
}

/** Parse, check and store a units file; nothing is written when any row is bad. */
export async function importUnits(db: Db, text: string, file?: string): Promise<ImportSummary> {
  return saveUnits(db, await parseUnitsCsv(db, text, file));
}
