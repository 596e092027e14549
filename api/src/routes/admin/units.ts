/**
 * Units and headcounts: upload units.csv / population.csv (interchange.md), all or nothing. A bad
 * file is answered with 422 and every bad row (`issues: [{ line, column, reason }]`).
 */
import { Hono } from 'hono';
import { asc, eq } from 'drizzle-orm';
import type { AuthEnv } from '../../auth/middleware.js';
import { organisations, units } from '../../db/schema.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { importPopulation } from '../../services/import-population.js';
import { importUnits } from '../../services/import-units.js';

/**
 * Rows per upload: far above any organisation's unit tree or a wave's headcounts (the defence demo
 * has ~45,000 population rows per period), far below what would take gigabytes to check in one
 * request. Larger files go through the CLI (`pnpm cli import …`).
 */
export const MAX_UPLOAD_ROWS = 200_000;

/** The body is the CSV text itself (`text/csv`). */
async function csvText(req: { text(): Promise<string> }): Promise<string> {
  const text = (await req.text()).replace(/^\uFEFF/, '');
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lines += 1;
    if (lines > MAX_UPLOAD_ROWS + 1) throw new UsageError(`a file may have at most ${MAX_UPLOAD_ROWS} rows per upload; import larger files with the command line (pnpm cli import)`);
  }
  return text;
}

export const unitRoutes = new Hono<AuthEnv>()
  .post('/units', async (c) => c.json(await importUnits(c.get('db'), await csvText(c.req), c.req.query('file') ?? 'units.csv')))
  .post('/population', async (c) => c.json(await importPopulation(c.get('db'), await csvText(c.req), c.req.query('file') ?? 'population.csv')))
  /** The unit tree of one organisation (or of all, without `?organisation=`), for scope pickers. */
  .get('/units', async (c) => {
    const db = c.get('db');
    const code = c.req.query('organisation');
    let q = db.select({
      id: units.id, code: units.code, name: units.name, level: units.level, parentId: units.parentId,
      organisation: organisations.code, excludedFromPooling: units.excludedFromPooling, validFrom: units.validFrom, validTo: units.validTo,
    }).from(units).innerJoin(organisations, eq(organisations.id, units.organisationId)).$dynamic();
    if (code) {
      const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code));
      if (!org) throw new NotFoundError(`unknown organisation "${code}"`);
      q = q.where(eq(units.organisationId, org.id));
    }
    return c.json({ units: await q.orderBy(asc(units.code)) });
  });
