/**
 * Benchmark (issue 6): server render time of a commander's unit page from a frozen release on the
 * `defence` demo. Creates a fresh PostgreSQL database (dropped at the end), loads the demo,
 * builds the releases of the latest two waves, runs the API in-process and the built dashboard
 * (`node dashboard/build`), signs in as the demo company and brigade commanders and times
 * `GET /unit/CODE` (full server render: session check, API report, view model, SSR) over HTTP on
 * localhost, plus the API's `/reports/unit/CODE` alone.
 *
 *   pnpm --dir dashboard build && npx tsx bench/dashboard-unit-page.ts [--runs 30] [--base postgres://postgres@127.0.0.1:5432/] [--build dashboard/build]
 *
 * The page's first request per unit is a cache miss (API report + view model); it is reported
 * as `firstPageMillis`, the timed runs after the warm-up hit the page-data cache (decision 031).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type * as NodeServer from '@hono/node-server';
import { createApp } from '../api/src/app.js';
import { queryRows, sql } from '../api/src/db/client.js';
import { createTestDatabase } from '../api/test/helpers/db.js';
import { loadDemo } from '../api/src/services/load-demo.js';
import { buildRelease } from '../api/src/services/releases.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '30' }, base: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/' }, build: { type: 'string', default: 'dashboard/build' } } });
const runs = Number(values.runs);
// @hono/node-server is a dependency of the dashboard's test harness, not of the root.
const { serve } = (await import(new URL('../dashboard/node_modules/@hono/node-server/dist/index.mjs', import.meta.url).href)) as typeof NodeServer;
// --build: a copy of the build (inside dashboard/, so its dependencies resolve) lets the suite rebuild meanwhile.
const entry = new URL(`../${values.build!.replace(/\/$/, '')}/index.js`, import.meta.url).pathname;
if (!existsSync(entry)) throw new Error('build the dashboard first: pnpm --dir dashboard build');

const freePort = () => new Promise<number>((done) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address() as AddressInfo; s.close(() => done(port)); }); });
const ms = (t0: number) => performance.now() - t0;
const stats = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!; return { p50: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), max: +s.at(-1)!.toFixed(1), mean: +(s.reduce((a, b) => a + b, 0) / s.length).toFixed(1) }; };

// A fresh database on that server, created and dropped by the test helper.
process.env['DATABASE_URL'] = new URL('postgres', values.base!).toString();
const database = await createTestDatabase();
let child: ReturnType<typeof spawn> | undefined;
try {
  const { db } = database;
  let t0 = performance.now();
  const demo = await loadDemo(db, { size: 'defence' });
  const loadMillis = ms(t0);
  const waves = await queryRows<{ code: string }>(db, sql`select code from waves order by closes_at desc limit 2`);
  const builds: Record<string, number> = {};
  for (const w of waves.reverse()) {
    t0 = performance.now();
    await buildRelease(db, w.code);
    builds[w.code] = Math.round(ms(t0));
  }
  const apiPort = await freePort();
  const api = serve({ fetch: createApp({ db, auth: { secureCookies: false } }).fetch, port: apiPort, hostname: '127.0.0.1' });
  const port = await freePort();
  const dash = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [entry], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: dash, API_URL: `http://127.0.0.1:${apiPort}` } });
  for (let i = 0; i < 100; i++) { try { await fetch(`${dash}/login`); break; } catch { await new Promise((r) => setTimeout(r, 100)); } }

  const results: Record<string, unknown> = {};
  for (const [email, password] of [['compagnie@demo.example', 'demo-company-2026'], ['brigade@demo.example', 'demo-brigade-2026']] as const) {
    const login = await fetch(`http://127.0.0.1:${apiPort}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const cookie = /vw_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const [u] = await queryRows<{ code: string; respondents: number }>(db, sql`select u.code, 0 as respondents from users s join units u on u.id = s.scope_unit_id where s.email = ${email}`);
    const page = async () => { const t = performance.now(); const r = await fetch(`${dash}/unit/${u!.code}`, { headers: { cookie } }); const body = await r.text(); if (r.status !== 200) throw new Error(`${r.status}`); return { t: ms(t), bytes: body.length }; };
    const report = async () => { const t = performance.now(); const r = await fetch(`http://127.0.0.1:${apiPort}/reports/unit/${u!.code}`, { headers: { cookie } }); await r.text(); return ms(t); };
    // The first request builds the page data (cache miss, decision 031); later ones reuse it.
    const cold = await page();
    for (let i = 0; i < 4; i++) await page(); // warm-up
    const pageTimes: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) { const p = await page(); pageTimes.push(p.t); bytes = p.bytes; }
    const apiTimes: number[] = [];
    for (let i = 0; i < runs; i++) apiTimes.push(await report());
    results[email] = { unit: u!.code, firstPageMillis: +cold.t.toFixed(1), page: stats(pageTimes), apiReport: stats(apiTimes), htmlKB: Math.round(bytes / 1024) };
  }
  api.close();
  console.log(JSON.stringify({
    machine: { cpus: `${cpus().length} × ${cpus()[0]?.model}`, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version },
    demo, loadMillis: Math.round(loadMillis), releaseBuildMillis: builds, runs, results,
  }, null, 2));
} finally {
  child?.kill('SIGTERM');
  await database.destroy();
}
