/**
 * Instruments and their versions: list, view, publish. A published version is immutable (a
 * database trigger refuses changes); a change is a new version number.
 */
import { z } from '@hono/zod-openapi';
import { declare, InstrumentDefinitionDoc, json, router } from '../../http/openapi.js';
import { InstrumentSummarySchema } from './schemas.js';
import { getPublishedVersion, listInstrumentSummaries, publishDefinitionText } from '../../services/instruments.js';

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

export const instrumentRoutes = router()
  .openapi(listRoute, async (c) => c.json({ instruments: await listInstrumentSummaries(c.get('db')) }, 200))
  .openapi(getRoute, async (c) => {
    const { code, version } = c.req.valid('param');
    return c.json(await getPublishedVersion(c.get('db'), code, version), 200);
  })
  /**
   * The definition is checked by @vw/questionnaire's `parseDefinition` (every issue, with its
   * path), not by the route's schema: the schema is the document's, the check the package's.
   */
  .openapi(publishRoute, async (c) => c.json(await publishDefinitionText(c.get('db'), await c.req.text()), 201));
