/**
 * Administering waves over HTTP (the admin UI comes with the dashboard). Every route sits behind
 * the guard the app passes in (an administrator's session); without one these routes are not
 * mounted at all.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { UsageError } from '../../errors.js';
import { csvEscape } from '../../csv/parse.js';
import { downloadName } from '../../http/download.js';
import { findControlCharacters } from '../../http/input.js';
import { closeWave, createInvitations, createOpenLinks, MAX_INVITATIONS_PER_REQUEST } from '../../services/invitations.js';
import { getParticipation } from '../../services/participation.js';
import { createWaveFromCodes, CreateWaveSchema, MAX_OWN_ITEMS, setOwnItems } from '../../services/wave-admin.js';

const InviteSchema = z.strictObject({ unit: z.string().min(1).optional(), count: z.int().min(1).max(MAX_INVITATIONS_PER_REQUEST).optional() });
const OpenLinksSchema = z.strictObject({ unit: z.string().min(1).optional() });
const OwnItemsSchema = z.strictObject({ items: z.array(z.unknown()).max(MAX_OWN_ITEMS) });

async function parse<S extends z.ZodType>(req: { json(): Promise<unknown> }, schema: S): Promise<z.infer<S>> {
  const json: unknown = await req.json().catch(() => undefined);
  const control = findControlCharacters(json);
  if (control.length > 0) throw new UsageError(control.map((i) => `${i.path}: ${i.reason}`).join('; '));
  const r = schema.safeParse(json);
  if (!r.success) throw new UsageError(r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  return r.data;
}

export function waveRoutes(db: Db, guard: MiddlewareHandler, surveyBaseUrl: string) {
  return new Hono()
    .use(guard)
    .post('/', async (c) => {
      const input = await parse(c.req, CreateWaveSchema);
      const w = await createWaveFromCodes(db, input);
      return c.json({ code: w.code, opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString(), kind: w.kind }, 201);
    })
    .post('/:code/invitations', async (c) => {
      const o = await parse(c.req, InviteSchema);
      const issued = await createInvitations(db, c.req.param('code'), o);
      // The only time tokens leave the server: as links for the organisation's own mail merge.
      c.header('cache-control', 'no-store');
      const base = surveyBaseUrl.replace(/\/+$/, '');
      if (c.req.query('format') === 'csv') {
        // Streamed in slices: a large wave's links are never one string in memory.
        c.header('content-type', 'text/csv; charset=utf-8');
        c.header('content-disposition', `attachment; filename="${downloadName(`invitations-${c.req.param('code')}`)}.csv"`);
        let next = 0;
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (next === 0) controller.enqueue(encoder.encode('unit,link\n'));
            const slice = issued.slice(next, next + 1000);
            next += 1000;
            if (slice.length === 0) return controller.close();
            controller.enqueue(encoder.encode(slice.map((i) => `${csvEscape(i.unit)},${csvEscape(`${base}/t/${i.token}`)}\n`).join('')));
          },
        });
        return c.body(body, 201);
      }
      return c.json({ invitations: issued.map((i) => ({ unit: i.unit, link: `${surveyBaseUrl.replace(/\/+$/, '')}/t/${i.token}` })) }, 201);
    })
    .post('/:code/open-links', async (c) => {
      const o = await parse(c.req, OpenLinksSchema);
      const issued = await createOpenLinks(db, c.req.param('code'), o.unit);
      c.header('cache-control', 'no-store');
      return c.json({ openLinks: issued.map((i) => ({ unit: i.unit, link: `${surveyBaseUrl.replace(/\/+$/, '')}/o/${i.token}`, code: i.token })) }, 201);
    })
    .put('/:code/units/:unit/items', async (c) => {
      const { items } = await parse(c.req, OwnItemsSchema);
      const r = await setOwnItems(db, c.req.param('code'), c.req.param('unit'), items);
      return c.json({ instrument: r.ref });
    })
    .get('/:code/participation', async (c) => c.json(await getParticipation(db, c.req.param('code'))))
    .post('/:code/close', async (c) => c.json(await closeWave(db, c.req.param('code'))));
}
