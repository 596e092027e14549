/**
 * The API's contract (decision 080): `GET /openapi.json` is an OpenAPI 3.1 document that a
 * maintained validator accepts, and it names every route the router serves, with its roles and
 * its error responses. A route added without a declaration fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createApp, OPENAPI_PATH } from '../src/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;
type Operation = { 'x-roles'?: string[]; security?: unknown[]; responses: Record<string, unknown> };
let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };

/** Served by the router but documentation itself, not part of the contract. */
const DOCUMENTATION = new Set([OPENAPI_PATH, '/reference', '/reference/', '/reference/scalar.js']);

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ db: database.db, surveyBaseUrl: 'http://127.0.0.1:3001' });
  const res = await app.request(OPENAPI_PATH);
  expect(res.status).toBe(200);
  doc = (await res.json()) as typeof doc;
}, 120_000);
afterAll(async () => {
  await database?.destroy();
});

/** Every (method, path) the router answers, from hono's own route table (middleware left out). */
function servedRoutes(): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || DOCUMENTATION.has(r.path)) continue;
    const path = r.path.replace(/\/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '/{$1}').replace(/(.)\/$/, '$1');
    seen.set(`${r.method} ${path}`, { method: r.method.toLowerCase(), path });
  }
  return [...seen.values()];
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and valid by the specification\'s schema', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('names every route the router serves', () => {
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(30);
    const missing = served.filter((r) => !doc.paths[r.path]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('documents nothing the router does not serve', () => {
    const served = new Set(servedRoutes().map((r) => `${r.method} ${r.path}`));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(documented.filter((d) => !served.has(d))).toEqual([]);
  });

  it('gives every operation its roles, and guarded ones 401 and 403, and every one 422 when it takes input and 500', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(Array.isArray(op['x-roles']), where).toBe(true);
        expect(op.responses['500'], where).toBeDefined();
        if (op['x-roles']!.length > 0) {
          expect(op.security, where).toEqual([{ session: [] }]);
          expect(op.responses['401'], where).toBeDefined();
        }
      }
    }
    expect(doc.paths['/admin/users']!['get']!['x-roles']).toEqual(['admin']);
    expect(doc.paths['/releases/{id}/rows']!['get']!['x-roles']).toEqual(['admin', 'researcher', 'commander']);
    expect(doc.paths['/survey/submit']!['post']!['x-roles']).toEqual([]);
    expect(Object.keys(doc.paths['/survey/submit']!['post']!.responses)).toEqual(expect.arrayContaining(['200', '404', '409', '413', '422', '429']));
  });
});

describe('the reference page', () => {
  it('is served by the API with its own policy, and its script from the API, not a CDN', async () => {
    const page = await app.request('/reference');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/openapi.json');
    expect(html).toContain('/reference/scalar.js');
    expect(html).not.toMatch(/cdn\.jsdelivr|unpkg\.com/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const script = await app.request('/reference/scalar.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
