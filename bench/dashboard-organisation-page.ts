/**
 * Benchmark (issue 15): server time of the researcher's organisation page (`GET /organisation`)
 * on the `defence` demo with 10 researchers asking at once. Each simulated researcher has its
 * own session and walks the page's pickers (release, indicator, tier, dimension) the way a
 * person would; the timed figure is the dashboard's full server answer (session check, API
 * reads, view model, SSR) over HTTP on localhost. Three phases: one researcher alone (each
 * release read for the first time), ten at once on views nobody opened yet (every request builds
 * its page), ten at once on the views people return to (the default page and the first picks).
 *
 *   pnpm --dir dashboard build && npx tsx bench/dashboard-organisation-page.ts \
 *     [--researchers 10] [--rounds 6] [--database postgres://…/db-with-demo-and-releases] [--base postgres://postgres@127.0.0.1:5432/]
 *
 * Without `--database` a fresh PostgreSQL database is created (and dropped): the defence demo,
 * the releases of the latest two waves and the latest four-year window (~2 min). With
 * `--database` an existing database holding the demo and its releases is used as is.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type * as NodeServer from '@hono/node-server';
import { createApp } from '../api/src/app.js';
import { openDatabase, queryRows, sql, type Database } from '../api/src/db/client.js';
import { createTestDatabase } from '../api/test/helpers/db.js';
import { loadDemo } from '../api/src/services/load-demo.js';
import { buildRelease } from '../api/src/services/releases.js';

const { values } = parseArgs({
  options: {
    researchers: { type: 'string', default: '10' }, rounds: { type: 'string', default: '6' },
    database: { type: 'string' }, base: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/' }, build: { type: 'string', default: 'dashboard/build' },
  },
});
const researchers = Number(values.researchers);
const rounds = Number(values.rounds);
const { serve } = (await import(new URL('../dashboard/node_modules/@hono/node-server/dist/index.mjs', import.meta.url).href)) as typeof NodeServer;
const entry = new URL(`../${values.build!.replace(/\/$/, '')}/index.js`, import.meta.url).pathname;
if (!existsSync(entry)) throw new Error('build the dashboard first: pnpm --dir dashboard build');

const freePort = () => new Promise<number>((done) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address() as AddressInfo; s.close(() => done(port)); }); });
const ms = (t0: number) => performance.now() - t0;
/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); null elsewhere. */
const cpuOf = (pid: number | undefined): number | null => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch { return null; }
};
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, p50: +q(0.5).toFixed(0), p95: +q(0.95).toFixed(0), max: +s.at(-1)!.toFixed(0) };
};

let database: Database & { destroy?: () => Promise<void> };
const setup: Record<string, number> = {};
if (values.database) {
  database = await openDatabase({ url: values.database });
} else {
  process.env['DATABASE_URL'] = new URL('postgres', values.base!).toString();
  database = await createTestDatabase();
  let t0 = performance.now();
  await loadDemo(database.db, { size: 'defence' });
  setup['demo'] = Math.round(ms(t0));
  const waves = await queryRows<{ code: string }>(database.db, sql`select code from waves order by closes_at desc limit 2`);
  for (const w of waves.reverse()) { t0 = performance.now(); await buildRelease(database.db, w.code); setup[w.code] = Math.round(ms(t0)); }
  const last = await queryRows<{ y: number }>(database.db, sql`select max(extract(year from closes_at))::int as y from waves`);
  const period = `${last[0]!.y - 3}-${last[0]!.y}`;
  t0 = performance.now();
  await buildRelease(database.db, period);
  setup[period] = Math.round(ms(t0));
}
const { db } = database;
let child: ReturnType<typeof spawn> | undefined;
try {
  const apiPort = await freePort();
  const api = serve({ fetch: createApp({ db, auth: { secureCookies: false } }).fetch, port: apiPort, hostname: '127.0.0.1' });
  const port = await freePort();
  const dash = `http://127.0.0.1:${port}`;
  const errors: string[] = [];
  // DASHBOARD_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the dashboard process.
  child = spawn(process.execPath, [...(process.env['DASHBOARD_NODE_ARGS']?.split(' ').filter(Boolean) ?? []), entry], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: dash, API_URL: `http://127.0.0.1:${apiPort}` } });
  child.stderr?.on('data', (d: Buffer) => errors.push(d.toString()));
  for (let i = 0; i < 100; i++) { try { await fetch(`${dash}/login`); break; } catch { await new Promise((r) => setTimeout(r, 100)); } }

  const sessions: string[] = [];
  for (let i = 0; i < researchers; i++) {
    const login = await fetch(`http://127.0.0.1:${apiPort}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'onderzoeker@demo.example', password: 'demo-research-2026' }) });
    sessions.push(/vw_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0]);
  }
  const releases = await queryRows<{ id: string }>(db, sql`select id from releases order by frozen_at desc`);
  const indicators = ['sv_experienced|any', 'sv_trust|agree', 'werkdruk|mean', 'sat|mean', 'sv_fear|agree', 'sv_aware_code|ja'];
  const tiers = ['brigade', 'bataljon', 'compagnie', 'onderdeel'];
  const dims = ['gender', 'age_band', 'personnel_type', 'rank_group'];
  // Researcher r, round j: a different combination of pickers, as people click around.
  const urlFor = (r: number, j: number) => {
    if (j === 0) return `${dash}/organisation`;
    const rel = releases[(r + j) % releases.length]!.id;
    return `${dash}/organisation?release=${encodeURIComponent(rel)}&indicator=${encodeURIComponent(indicators[(r * 7 + j) % indicators.length]!)}&tier=${tiers[(r + 2 * j) % tiers.length]}&dimension=${dims[(r + j) % dims.length]}`;
  };
  const page = async (cookie: string, url: string) => {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    return { t: ms(t), bytes: body.length };
  };
  // One researcher alone first (the first read of a release is the slowest).
  const single: number[] = [];
  let bytes = 0;
  const perPage: { url: string; ms: number; kB: number }[] = [];
  for (let j = 0; j < rounds; j++) {
    const url = urlFor(0, j);
    const p = await page(sessions[0]!, url);
    single.push(p.t);
    bytes = Math.max(bytes, p.bytes);
    perPage.push({ url: url.slice(dash.length), ms: Math.round(p.t), kB: Math.round(p.bytes / 1024) });
  }
  const concurrent: number[] = [];
  const cpu0 = cpuOf(child?.pid);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(sessions.map(async (cookie, r) => {
    for (let j = 0; j < rounds; j++) concurrent.push((await page(cookie, urlFor(r + 1, j))).t);
  }));
  const wall = ms(t0);
  const cpu1 = cpuOf(child?.pid);
  const own1 = process.cpuUsage();
  // Then the pages people come back to (the default view and the first picks), all ten at once:
  // frozen releases never change, so these are served from the page-data caches.
  const warm: number[] = [];
  const t1 = performance.now();
  await Promise.all(sessions.map(async (cookie, r) => {
    for (let j = 0; j < rounds; j++) warm.push((await page(cookie, urlFor(0, (r + j) % 3))).t);
  }));
  const warmWall = ms(t1);
  const cpu2 = cpuOf(child?.pid);
  const own2 = process.cpuUsage();
  // This process runs the API (and the load generator): its CPU per page is an upper bound of the API's.
  const ownPerPage = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage, n: number) => Math.round((b.user + b.system - a.user - a.system) / 1000 / n);
  const perPageCpu = (a: number | null, b: number | null, n: number) => (a === null || b === null ? undefined : Math.round((b - a) / n));
  api.close();
  console.log(JSON.stringify({
    machine: { cpus: `${cpus().length} × ${cpus()[0]?.model}`, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version },
    setupMillis: setup, releases: releases.map((r) => r.id), researchers, rounds,
    oneResearcher: { ...stats(single), pages: perPage },
    // dashboardCpuMsPerPage: the dashboard process's CPU time per page (load-independent, unlike the times).
    concurrentNewViews: { ...stats(concurrent), wallSeconds: +(wall / 1000).toFixed(1), dashboardCpuMsPerPage: perPageCpu(cpu0, cpu1, concurrent.length), apiAndClientCpuMsPerPage: ownPerPage(own0, own1, concurrent.length) },
    concurrentRepeatViews: { ...stats(warm), wallSeconds: +(warmWall / 1000).toFixed(1), dashboardCpuMsPerPage: perPageCpu(cpu1, cpu2, warm.length), apiAndClientCpuMsPerPage: ownPerPage(own1, own2, warm.length) },
    loadAverage: loadavg().map((x) => +x.toFixed(1)),
    maxHtmlKB: Math.round(bytes / 1024),
    dashboardErrors: errors.join('').trim() || undefined,
  }, null, 2));
} finally {
  child?.kill('SIGTERM');
  if (database.destroy) await database.destroy();
  else await database.close();
}
