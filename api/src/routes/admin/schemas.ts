/** Shapes of the admin answers the dashboard reads (types through `@vw/api/contract`). */
import { z } from '@hono/zod-openapi';

export const UnitRowSchema = z.object({
  id: z.int(), code: z.string(), name: z.string(), level: z.string(), parentId: z.int().nullable(), organisation: z.string(),
  excludedFromPooling: z.boolean(), validFrom: z.string().nullable(), validTo: z.string().nullable(),
}).openapi('Unit');

export const InstrumentSummarySchema = z.object({
  code: z.string(),
  versions: z.array(z.object({
    version: z.int(), publishedOn: z.string(),
    title: z.record(z.string(), z.string()).nullable().openapi({ description: 'The title per language' }),
    items: z.int(),
  })),
}).openapi('InstrumentSummary');
