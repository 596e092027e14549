/**
 * `pnpm start`: migrate, load the demo when the database is empty, then serve the API and start
 * the survey and dashboard apps (their production builds) next to it, printing every URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from './app.js';
import { openDatabase, queryRows, sql, targetFromEnv, type Database } from './db/client.js';
import { envOrExit, repoRoot } from './env.js';
import { DEMO_USERS, loadDemo } from './services/load-demo.js';
import { buildInChild, childProcessBuilder, ORPHAN_WATCH } from './services/release-builder.js';
import { demoReleasesToBuild, runBuilds } from './services/release-builds.js';
import { valueProtectionDefault } from './services/releases.js';
import { startFailure } from './start-failure.js';

const e = envOrExit('cannot start');
const started = Date.now();
/** One progress line per step, with its time (npm start prints the same shape). */
function step(what: string, since: number): void {
  console.log(`  ${what.padEnd(44)} ${((Date.now() - since) / 1000).toFixed(1)} s`);
}
/** One readable line and what to do; never a stack or the database engine's minified source. */
function cannotStart(err: unknown): never {
  console.error(`cannot start: ${startFailure(err)}`);
  process.exit(1);
}
let database: Database;
try {
  database = await openDatabase(targetFromEnv(e), { serve: { host: '127.0.0.1' } });
} catch (err) {
  cannotStart(err);
}
step('open database', started);
let t = Date.now();
// A PostgreSQL connection is first made here: a database that does not exist, or a server that
// does not answer, is said in one line like the errors above.
await database.migrate().catch(async (err: unknown) => {
  await database.close().catch(() => undefined);
  cannotStart(err);
});
step('migrate', t);
const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from organisations`);
let demoLoaded = false;
if (n === 0) {
  t = Date.now();
  await loadDemo(database.db, { size: 'small' }, () => {});
  step('empty database: demo organisation loaded', t);
  demoLoaded = true;
}
// The demo's frozen releases (its waves and their window) are built after the servers answer
// (decision 047, session 8): with the value check they take minutes, not seconds. A start that
// was stopped before they were all frozen builds the missing ones.
const demoJobs = await demoReleasesToBuild(database.db);

// An admin's release build runs in a child process that reaches this database through the socket
// served above (embedded) or DATABASE_URL, never in this event loop (decision 086).
const builder = childProcessBuilder();
const app = createApp({ db: database.db, builder });
const apiUrl = `http://${e.HOST}:${e.API_PORT}`;
const surveyBase = `http://${e.HOST}:${e.SURVEY_PORT}`;
const dashboardBase = `http://${e.HOST}:${e.DASHBOARD_PORT}`;
// The API root says where things are (a person who opens it in a browser is looking for the apps).
const root = new Hono();
root.get('/', (c) =>
  c.json({ name: 'Veilig Werk API', survey: surveyBase, dashboard: dashboardBase, health: `${apiUrl}/health`, docs: 'README.md, docs/' }),
);
root.all('*', (c) => app.fetch(c.req.raw, c.env));
const server = serve({ fetch: root.fetch, port: e.API_PORT, hostname: e.HOST });
server.on('error', (err: NodeJS.ErrnoException) => {
  const why = err.code === 'EADDRINUSE' ? 'is in use (another platform? another API_PORT?)' : `cannot be served (${err.message})`;
  console.error(`cannot start: ${e.HOST}:${e.API_PORT} ${why}`);
  void database.close().finally(() => process.exit(1));
});

const children: ChildProcess[] = [];
function startApp(name: string, port: number): string | null {
  const entry = `${repoRoot}${name}/build/index.js`;
  if (!existsSync(entry)) {
    console.warn(`${name}: no build found (${entry}); run pnpm build first`);
    return null;
  }
  // The app exits when the platform is gone, even when it was killed without a chance to stop its
  // children (SIGKILL): an orphan would hold the port and serve a platform that no longer runs.
  const child = spawn(process.execPath, [`--import=data:text/javascript,${encodeURIComponent(ORPHAN_WATCH)}`, entry], {
    // Their "Listening on" lines are noise next to the URL list below; errors still show.
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), HOST: e.HOST, API_URL: apiUrl, ORIGIN: `http://${e.HOST}:${port}` },
  });
  children.push(child);
  return `http://${e.HOST}:${port}`;
}
const surveyUrl = startApp('survey', e.SURVEY_PORT);
const dashboardUrl = startApp('dashboard', e.DASHBOARD_PORT);

console.log('');
console.log(`database:  ${database.label}`);
console.log(`API:       ${apiUrl}  (health: ${apiUrl}/health)`);
if (surveyUrl) console.log(`survey:    ${surveyUrl}`);
if (dashboardUrl) console.log(`dashboard: ${dashboardUrl}`);
console.log('');
console.log(`demo sign-ins${demoLoaded ? '' : ' (created with the demo data)'}:`);
for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email.padEnd(28)} password: ${u.password}`);
console.log('');

/**
 * The demo's releases, one at a time, each in its own `release build` process (services/
 * release-builder.ts, shared with the admin's builds), which follows VW_VALUE_PROTECTION and the
 * default like every build that does not choose. A refusal rejects with its public message.
 */
let building: ChildProcess | null = null;
let stopping = false;
const buildDemoRelease = (job: { period: string; organisation: string }) =>
  buildInChild(job, { onSpawn: (child) => { building = child; child.once('close', () => { building = null; }); } }).then(() => {});

if (demoJobs.length > 0) {
  const check = valueProtectionDefault() ? 'with the value check' : 'WITHOUT the value check (VW_VALUE_PROTECTION=0)';
  console.log(`building the demo releases in the background, ${check}: ${demoJobs.map((j) => j.period).join(', ')}`);
  console.log('(the dashboard shows them as "being built" until they are frozen)');
  void runBuilds(demoJobs, buildDemoRelease, (ev) => {
    if (stopping) return;
    if ('job' in ev) {
      if (ev.error === undefined) step(`release ${ev.job.period} frozen (${ev.index + 1} of ${demoJobs.length})`, Date.now() - ev.seconds * 1000);
      else console.error(`  release ${ev.job.period} not built (${ev.index + 1} of ${demoJobs.length}): ${ev.error}`);
    } else {
      step(ev.failed === 0 ? `releases ready (${ev.done} frozen)` : `releases: ${ev.done} frozen, ${ev.failed} not built (see above)`, Date.now() - ev.seconds * 1000);
    }
  });
}

function shutdown() {
  if (stopping) return;
  stopping = true;
  building?.kill('SIGTERM');
  builder.stop();
  for (const c of children) c.kill('SIGTERM');
  server.close();
  void database.close().finally(() => process.exit(0));
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
