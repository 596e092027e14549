/**
 * Instruments and their versions: list, view, publish. A published version is immutable (a
 * database trigger refuses changes); a change is a new version number.
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import { DefinitionError, parseDefinition, type InstrumentDefinition } from '@vw/questionnaire';
import { ValidationError } from '../../errors.js';
import { findControlCharacters } from '../../input.js';
import { instruments, instrumentVersions } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { declare, InstrumentDefinitionDoc, json, router } from '../../http/openapi.js';
import { InstrumentSummarySchema } from './schemas.js';
import { publishVersion } from '../../services/instruments.js';

const admin = ['admin'] as const;
const listRoute = declare(admin, {
  method: 'get', path: '/instruments', tags: ['admin'], summary: 'Every instrument and its versions',
  responses: {
    200: json(z.object({ instruments: z.array(InstrumentSummarySchema) }), 'The instruments'),
  },
});
const getRoute = declare(admin, {
  method: 'get', path: '/instruments/{code}/{version}', tags: ['admin'], summary: 'One published version with its definition',
  request: { params: z.object({ code: z.string().min(1).max(100), version: z.string().max(40) }) },
  responses: {
    200: json(z.object({ code: z.string(), version: z.int(), publishedOn: z.string(), definition: InstrumentDefinitionDoc }), 'The version'),
  },
}, [404]);
const publishRoute = declare(admin, {
  method: 'post', path: '/instruments', tags: ['admin'], summary: 'Publishes a new version (checked by @vw/questionnaire; published versions never change)',
  // A reference, not the zod schema: the route then leaves the body to parseDefinition.
  request: { body: { required: true, description: 'The instrument definition', content: { 'application/json': { schema: { $ref: '#/components/schemas/InstrumentDefinition' } } } } },
  responses: { 201: json(z.object({ ref: z.string(), code: z.string(), version: z.int() }), 'Published') },
}, [409]);

type Title = z.infer<typeof InstrumentSummarySchema>['versions'][number]['title'];

export const instrumentRoutes = router()
  .openapi(listRoute, async (c) => {
    const rows = await c.get('db').select({
      code: instruments.code, version: instrumentVersions.version, publishedOn: instrumentVersions.publishedOn, definition: instrumentVersions.definition,
    }).from(instrumentVersions).innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
      .orderBy(asc(instruments.code), asc(instrumentVersions.version));
    const byCode = new Map<string, { code: string; versions: { version: number; publishedOn: string; title: Title; items: number }[] }>();
    for (const r of rows) {
      const entry = byCode.get(r.code) ?? { code: r.code, versions: [] };
      const def = r.definition as InstrumentDefinition;
      entry.versions.push({ version: r.version, publishedOn: r.publishedOn, title: def.title ?? null, items: def.items?.length ?? 0 });
      byCode.set(r.code, entry);
    }
    return c.json({ instruments: [...byCode.values()] }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { code, version } = c.req.valid('param');
    // The column is a 32-bit integer: a longer number names no version.
    if (!/^[0-9]+$/.test(version) || Number(version) > 2_147_483_647) throw new NotFoundError(`unknown instrument version ${code}@${version}`);
    const [row] = await c.get('db').select({ publishedOn: instrumentVersions.publishedOn, definition: instrumentVersions.definition })
      .from(instrumentVersions).innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
      .where(and(eq(instruments.code, code), eq(instrumentVersions.version, Number(version))));
    if (!row) throw new NotFoundError(`unknown instrument version ${code}@${version}`);
    return c.json({ code, version: Number(version), publishedOn: row.publishedOn, definition: row.definition as InstrumentDefinition }, 200);
  })
  /**
   * The definition is checked by @vw/questionnaire's `parseDefinition` (every issue, with its
   * path), not by the route's schema: the schema is the document's, the check the package's.
   */
  .openapi(publishRoute, async (c) => {
    const db = c.get('db');
    const body = await c.req.text();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = null; // parseDefinition reports it
    }
    const control = findControlCharacters(json);
    if (control.length > 0) throw new ValidationError(control, 'the instrument definition is not valid');
    let def;
    try {
      def = parseDefinition(body);
    } catch (error) {
      if (error instanceof DefinitionError) {
        throw new ValidationError(error.issues.map((i) => ({ path: i.path.join('.'), reason: i.reason })), 'the instrument definition is not valid');
      }
      throw error;
    }
    const [existing] = await db.select({ id: instrumentVersions.id }).from(instrumentVersions)
      .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
      .where(and(eq(instruments.code, def.id), eq(instrumentVersions.version, def.version)));
    if (existing) throw new ConflictError(`${def.id}@${def.version} is already published; published versions never change, publish a new version number`);
    const published = await publishVersion(db, def);
    return c.json({ ref: published.ref, code: def.id, version: def.version }, 201);
  });
