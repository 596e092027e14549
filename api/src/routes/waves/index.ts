/**
 * Administering waves over HTTP. Every route is for admins (declared with its guard,
 * http/openapi.ts).
 */
import { z } from '@hono/zod-openapi';
import { csvEscape } from '../../csv/parse.js';
import { downloadName } from '../../http/download.js';
import { declare, json, jsonBody, router } from '../../http/openapi.js';
import { closeWave, createInvitations, createOpenLinks, MAX_INVITATIONS_PER_REQUEST } from '../../services/invitations.js';
import { getParticipation } from '../../services/participation.js';
import { createWaveFromCodes, CreateWaveSchema, MAX_OWN_ITEMS, setOwnItems } from '../../services/wave-admin.js';

const InviteSchema = z.strictObject({ unit: z.string().min(1).optional(), count: z.int().min(1).max(MAX_INVITATIONS_PER_REQUEST).optional() });
const OpenLinksSchema = z.strictObject({ unit: z.string().min(1).optional() });
const OwnItemsSchema = z.strictObject({ items: z.array(z.unknown()).max(MAX_OWN_ITEMS) });
const WaveParam = z.object({ code: z.string().min(1).max(100) });
const admin = ['admin'] as const;

const createRoute = declare(admin, {
  method: 'post', path: '/', tags: ['waves'], summary: 'Creates a wave (organisation, instrument, units, opening and closing time)',
  request: { body: jsonBody(CreateWaveSchema) },
  responses: {
    201: json(z.object({ code: z.string(), opensAt: z.string(), closesAt: z.string(), kind: z.enum(['census', 'sample']) }), 'Created'),
  },
}, [404, 409]);
const inviteRoute = declare(admin, {
  method: 'post', path: '/{code}/invitations', tags: ['waves'],
  summary: 'Issues invitations (links) for the wave\'s units: the only time tokens leave the server',
  request: {
    params: WaveParam, body: jsonBody(InviteSchema),
    query: z.object({ format: z.enum(['json', 'csv']).optional() }),
  },
  responses: {
    201: {
      description: 'The links, as JSON or (with `format=csv`) as a CSV file `unit,link`',
      content: {
        'application/json': { schema: z.object({ invitations: z.array(z.object({ unit: z.string(), link: z.string() })) }) },
        'text/csv': { schema: z.string() },
      },
    },
  },
}, [404, 409]);
const openLinksRoute = declare(admin, {
  method: 'post', path: '/{code}/open-links', tags: ['waves'], summary: 'Issues open links (one shared link and code per unit)',
  request: { params: WaveParam, body: jsonBody(OpenLinksSchema) },
  responses: { 201: json(z.object({ openLinks: z.array(z.object({ unit: z.string(), link: z.string(), code: z.string() })) }), 'The open links') },
}, [404, 409]);
const ownItemsRoute = declare(admin, {
  method: 'put', path: '/{code}/units/{unit}/items', tags: ['waves'], summary: 'Sets a unit\'s own items for a wave (a new instrument version)',
  request: { params: z.object({ code: z.string().min(1).max(100), unit: z.string().min(1).max(100) }), body: jsonBody(OwnItemsSchema) },
  responses: { 200: json(z.object({ instrument: z.string() }), 'The instrument version the unit answers') },
}, [404, 409]);
export const ParticipationSchema = z.object({
  wave: z.string(),
  state: z.enum(['planned', 'open', 'closed']),
  through: z.string().openapi({ description: 'The last whole day counted (YYYY-MM-DD): answers of today are never shown' }),
  k: z.int(),
  units: z.array(z.object({ unit: z.string(), name: z.string(), headcount: z.int(), rate: z.number().nullable() })),
}).openapi('Participation');
const participationRoute = declare(admin, {
  method: 'get', path: '/{code}/participation', tags: ['waves'],
  summary: 'Participation per unit while a wave runs (rates in steps of 5 points, none below k)',
  request: { params: WaveParam },
  responses: { 200: json(ParticipationSchema, 'Participation') },
}, [404]);
const closeRoute = declare(admin, {
  method: 'post', path: '/{code}/close', tags: ['waves'], summary: 'Closes a wave: unused invitations stop working, drafts are deleted',
  request: { params: WaveParam },
  responses: { 200: json(z.object({ unused: z.int(), used: z.int(), draftsDeleted: z.int() }), 'Closed') },
}, [404, 409]);

export const waveRoutes = router()
  .openapi(createRoute, async (c) => {
    const w = await createWaveFromCodes(c.get('db'), c.req.valid('json'));
    return c.json({ code: w.code, opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString(), kind: w.kind }, 201);
  })
  .openapi(inviteRoute, async (c) => {
    const { code } = c.req.valid('param');
    const base = c.get('config').surveyBaseUrl;
    const issued = await createInvitations(c.get('db'), code, c.req.valid('json'));
    // The only time tokens leave the server: as links for the organisation's own mail merge.
    c.header('cache-control', 'no-store');
    if (c.req.valid('query').format === 'csv') {
      // Streamed in slices: a large wave's links are never one string in memory.
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${downloadName(`invitations-${code}`)}.csv"`);
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
    return c.json({ invitations: issued.map((i) => ({ unit: i.unit, link: `${base}/t/${i.token}` })) }, 201);
  })
  .openapi(openLinksRoute, async (c) => {
    const base = c.get('config').surveyBaseUrl;
    const issued = await createOpenLinks(c.get('db'), c.req.valid('param').code, c.req.valid('json').unit);
    c.header('cache-control', 'no-store');
    return c.json({ openLinks: issued.map((i) => ({ unit: i.unit, link: `${base}/o/${i.token}`, code: i.token })) }, 201);
  })
  .openapi(ownItemsRoute, async (c) => {
    const { code, unit } = c.req.valid('param');
    const r = await setOwnItems(c.get('db'), code, unit, c.req.valid('json').items);
    return c.json({ instrument: r.ref }, 200);
  })
  .openapi(participationRoute, async (c) => c.json(await getParticipation(c.get('db'), c.req.valid('param').code), 200))
  .openapi(closeRoute, async (c) => c.json(await closeWave(c.get('db'), c.req.valid('param').code), 200));
