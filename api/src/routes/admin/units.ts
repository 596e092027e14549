/**
 * Units and headcounts: upload units.csv / population.csv (interchange.md), all or nothing. A bad
 * file is answered with 422 and every bad row (`issues: [{ line, column, reason }]`).
 */
import { z } from '@hono/zod-openapi';
import { UsageError } from '../../errors.js';
import { declare, json, router } from '../../http/openapi.js';
import { UnitRowSchema } from './schemas.js';
import { headcountsByPeriod, importPopulationCsv, importUnitsCsv, listUnitTree } from '../../services/units.js';

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
    return c.json(await importUnitsCsv(c.get('db'), text, file, dryRun === 'true'), 200);
  })
  .openapi(uploadPopulationRoute, async (c) => {
    const text = await csvText(c.req);
    const { file = 'population.csv', dryRun } = c.req.valid('query');
    return c.json(await importPopulationCsv(c.get('db'), text, file, dryRun === 'true'), 200);
  })
  .openapi(listUnitsRoute, async (c) => c.json({ units: await listUnitTree(c.get('db'), c.req.valid('query').organisation) }, 200))
  .openapi(listPopulationRoute, async (c) => c.json(await headcountsByPeriod(c.get('db')), 200));
