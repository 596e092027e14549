/**
 * `pnpm start`: migrate, load the demo when the database is empty, then serve the API and start
 * the survey and dashboard apps (their production builds) next to it, printing every URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { openDatabase, queryRows, sql, targetFromEnv } from './db/client.js';
import { env, repoRoot } from './env.js';
import { DEMO_USERS, loadDemo } from './services/load-demo.js';
import { buildRelease } from './services/releases.js';

const e = env();
const database = await openDatabase(targetFromEnv(e));
await database.migrate();
const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from organisations`);
let demoLoaded = false;
if (n === 0) {
  console.log('empty database: loading the small demo organisation …');
  await loadDemo(database.db, { size: 'small' }, (l) => console.log(`  ${l}`));
  demoLoaded = true;
  // Frozen releases of the demo waves and their window, so the dashboard has results to show.
  const demoWaves = await queryRows<{ code: string; year: number }>(database.db, sql`select code, extract(year from closes_at)::int as year from waves order by closes_at`);
  const periods = demoWaves.map((w) => w.code);
  const years = demoWaves.map((w) => w.year);
  if (years.length > 0 && Math.max(...years) - Math.min(...years) >= 2) periods.push(`${Math.min(...years)}-${Math.max(...years)}`);
  for (const p of periods) {
    const r = await buildRelease(database.db, p);
    console.log(`  release ${r.id} built (${r.rows} rows, ${r.suppressed} suppressed)`);
  }
}

const app = createApp({ db: database.db });
const server = serve({ fetch: app.fetch, port: e.API_PORT, hostname: e.HOST });
const apiUrl = `http://${e.HOST}:${e.API_PORT}`;

const children: ChildProcess[] = [];
function startApp(name: string, port: number): string | null {
  const entry = `${repoRoot}${name}/build/index.js`;
  if (!existsSync(entry)) {
    console.warn(`${name}: no build found (${entry}); run pnpm build first`);
    return null;
  }
  const child = spawn(process.execPath, [entry], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PORT: String(port), HOST: e.HOST, API_URL: apiUrl, ORIGIN: `http://${e.HOST}:${port}` },
  });
  children.push(child);
  return `http://${e.HOST}:${port}`;
}
const surveyUrl = startApp('survey', e.SURVEY_PORT);
const dashboardUrl = startApp('dashboard', e.DASHBOARD_PORT);

console.log('');
console.log(`database:  ${database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${e.DATA_DIR}/pglite`}`);
console.log(`API:       ${apiUrl}  (health: ${apiUrl}/health)`);
if (surveyUrl) console.log(`survey:    ${surveyUrl}`);
if (dashboardUrl) console.log(`dashboard: ${dashboardUrl}`);
console.log('');
console.log(`demo sign-ins${demoLoaded ? '' : ' (created with the demo data)'}:`);
for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email.padEnd(28)} password: ${u.password}`);
console.log('');

function shutdown() {
  for (const c of children) c.kill('SIGTERM');
  server.close();
  void database.close().finally(() => process.exit(0));
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
