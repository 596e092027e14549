/**
 * Units and headcounts: upload units.csv / population.csv (interchange.md), all or nothing. A bad
 * file is answered with 422 and every bad row (`issues: [{ line, column, reason }]`).
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import type { Db } from '../../db/client.js';
import { organisations, population, units } from '../../db/schema.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { declare, json, router } from '../../http/openapi.js';
import { UnitRowSchema } from './schemas.js';
import { importPopulation } from '../../services/import-population.js';
import { importUnits } from '../../services/import-units.js';

/**
 * Rows per upload: far above any organisation's unit tree or a wave's headcounts (the defence demo
 * has ~45,000 population rows per period), far below what would take gigabytes to check in one
 * request. Larger files go through the CLI (`pnpm cli import …`).
 */
export const MAX_UPLOAD_ROWS = 200_000;


class DryRun extends Error {}

/**
 * `?dryRun=true`: the import runs in full (every check, every write) inside a transaction that is
 * then rolled back, so the admin sees what the upload would change, or every bad row, and
 * nothing is stored.
 */
async function maybeDry<T extends object>(db: Db, dry: boolean, run: (db: Db) => Promise<T>): Promise<T | (T & { dryRun: true })> {
  if (!dry) return run(db);
  let result: T | undefined;
  await db.transaction(async (tx) => {
    result = await run(tx as unknown as Db);
    throw new DryRun();
  }).catch((e: unknown) => { if (!(e instanceof DryRun)) throw e; });
  return { ...(result as T), dryRun: true };
}

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

const admin = ['admin'] as const;
const UploadQuery = z.object({
  file: z.string().max(200).optional().openapi({ description: 'The file name used in error reports' }),
  dryRun: z.enum(['true', 'false']).optional().openapi({ description: '`true`: check and report, store nothing' }),
});
const csvBody = (what: string) => ({ required: true, description: what, content: { 'text/csv': { schema: z.string() } } });
const ImportSummarySchema = z.object({ inserted: z.int(), updated: z.int(), dryRun: z.literal(true).optional() }).openapi('ImportSummary');

const uploadUnitsRoute = declare(admin, {
  method: 'post', path: '/units', tags: ['admin'], summary: 'Uploads units.csv (interchange.md): all or nothing',
  request: { query: UploadQuery, body: csvBody('units.csv') },
  responses: { 200: json(ImportSummarySchema, 'Imported (or checked, with dryRun)') },
});
const uploadPopulationRoute = declare(admin, {
  method: 'post', path: '/population', tags: ['admin'], summary: 'Uploads population.csv (headcounts, interchange.md): all or nothing',
  request: { query: UploadQuery, body: csvBody('population.csv') },
  responses: { 200: json(ImportSummarySchema, 'Imported (or checked, with dryRun)') },
});
const listUnitsRoute = declare(admin, {
  method: 'get', path: '/units', tags: ['admin'], summary: 'The unit tree of one organisation (or of all), for scope pickers',
  request: { query: z.object({ organisation: z.string().max(100).optional() }) },
  responses: { 200: json(z.object({ units: z.array(UnitRowSchema) }), 'The units') },
}, [404]);
const listPopulationRoute = declare(admin, {
  method: 'get', path: '/population', tags: ['admin'], summary: 'Headcounts (dimension all) per unit and period, as uploaded',
  responses: {
    200: json(z.object({
      periods: z.array(z.string()),
      headcounts: z.array(z.object({ unit: z.string(), period: z.string(), headcount: z.int() })),
    }), 'The headcounts'),
  },
});

export const unitRoutes = router()
  .openapi(uploadUnitsRoute, async (c) => {
    const text = await csvText(c.req);
    const { file = 'units.csv', dryRun } = c.req.valid('query');
    return c.json(await maybeDry(c.get('db'), dryRun === 'true', (db) => importUnits(db, text, file)), 200);
  })
  .openapi(uploadPopulationRoute, async (c) => {
    const text = await csvText(c.req);
    const { file = 'population.csv', dryRun } = c.req.valid('query');
    return c.json(await maybeDry(c.get('db'), dryRun === 'true', (db) => importPopulation(db, text, file)), 200);
  })
  .openapi(listUnitsRoute, async (c) => {
    const db = c.get('db');
    const code = c.req.valid('query').organisation;
    let q = db.select({
      id: units.id, code: units.code, name: units.name, level: units.level, parentId: units.parentId,
      organisation: organisations.code, excludedFromPooling: units.excludedFromPooling, validFrom: units.validFrom, validTo: units.validTo,
    }).from(units).innerJoin(organisations, eq(organisations.id, units.organisationId)).$dynamic();
    if (code) {
      const [org] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, code));
      if (!org) throw new NotFoundError(`unknown organisation "${code}"`);
      q = q.where(eq(units.organisationId, org.id));
    }
    return c.json({ units: await q.orderBy(asc(units.code)) }, 200);
  })
  .openapi(listPopulationRoute, async (c) => {
    const db = c.get('db');
    const rows = await db.select({ unit: units.code, period: population.period, headcount: population.headcount })
      .from(population).innerJoin(units, eq(units.id, population.unitId))
      .where(and(eq(population.dimension, 'all'), eq(population.group, 'all')));
    return c.json({ periods: [...new Set(rows.map((r) => r.period))].sort(), headcounts: rows }, 200);
  });
