/**
 * Instruments and their versions: list, view, publish. A published version is immutable (a
 * database trigger refuses changes); a change is a new version number.
 */
import { Hono } from 'hono';
import { and, asc, eq } from 'drizzle-orm';
import { DefinitionError, parseDefinition } from '@vw/questionnaire';
import { ValidationError } from '../../errors.js';
import { findControlCharacters } from '../../http/input.js';
import type { AuthEnv } from '../../auth/middleware.js';
import { instruments, instrumentVersions } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { publishVersion } from '../../services/instruments.js';

export const instrumentRoutes = new Hono<AuthEnv>()
  .get('/instruments', async (c) => {
    const rows = await c.get('db').select({
      code: instruments.code, version: instrumentVersions.version, publishedOn: instrumentVersions.publishedOn, definition: instrumentVersions.definition,
    }).from(instrumentVersions).innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
      .orderBy(asc(instruments.code), asc(instrumentVersions.version));
    const byCode = new Map<string, { code: string; versions: { version: number; publishedOn: string; title: unknown; items: number }[] }>();
    for (const r of rows) {
      const entry = byCode.get(r.code) ?? { code: r.code, versions: [] };
      const def = r.definition as { title?: unknown; items?: unknown[] };
      entry.versions.push({ version: r.version, publishedOn: r.publishedOn, title: def.title ?? null, items: def.items?.length ?? 0 });
      byCode.set(r.code, entry);
    }
    return c.json({ instruments: [...byCode.values()] });
  })
  .get('/instruments/:code/:version{[0-9]+}', async (c) => {
    const { code, version } = c.req.param();
    // The column is a 32-bit integer: a longer number names no version.
    if (Number(version) > 2_147_483_647) throw new NotFoundError(`unknown instrument version ${code}@${version}`);
    const [row] = await c.get('db').select({ publishedOn: instrumentVersions.publishedOn, definition: instrumentVersions.definition })
      .from(instrumentVersions).innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
      .where(and(eq(instruments.code, code), eq(instrumentVersions.version, Number(version))));
    if (!row) throw new NotFoundError(`unknown instrument version ${code}@${version}`);
    return c.json({ code, version: Number(version), publishedOn: row.publishedOn, definition: row.definition });
  })
  /** Publishes a new version. Body: the definition (JSON), checked by @vw/questionnaire. */
  .post('/instruments', async (c) => {
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
