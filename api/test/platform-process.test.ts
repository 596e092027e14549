/**
 * The platform on the embedded database, as an operator uses it (issue 11, decision 050): the real
 * `api/src/main.ts` process owns the data folder; every README command runs in a second process
 * while it runs; a second start is refused; SIGKILL mid-import and mid-submit loses nothing that
 * was acknowledged; a restart finds everything again.
 *
 * Under DATABASE_URL (the PostgreSQL pass of CI) the same platform and README commands run on a
 * fresh PostgreSQL database; the tests about owning a data folder (second start, SIGKILL, backup
 * of a running folder, a broken folder) are embedded only. As few platform starts as the scenario
 * allows (each ~3 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvColumns, werkbeleving } from '@vw/questionnaire';
import postgres from 'postgres';
import { openDatabase, queryRows, socketHost, sql } from '../src/db/client.js';
import { readOwner } from '../src/db/embedded.js';
import { completeAnswers } from './survey/factories.js';
import { freePort } from './helpers/net.js';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const serverUrl = process.env.DATABASE_URL;
const embedded = !serverUrl;
/** The PostgreSQL database of this file (PostgreSQL pass only), created and dropped here. */
let pgUrl: string | undefined;

let dir: string;
let dataDir: string;
let ports: { api: number; survey: number; dashboard: number };
let platform: ChildProcess | null = null;

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, API_PORT: String(ports.api), SURVEY_PORT: String(ports.survey), DASHBOARD_PORT: String(ports.dashboard), ...extra };
  if (pgUrl) e.DATABASE_URL = pgUrl;
  else delete e.DATABASE_URL;
  return e;
}

interface Run { code: number | null; stdout: string; stderr: string }

function cli(...args: string[]): Promise<Run> {
  return cliIn({}, ...args);
}

function cliIn(extra: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    // node with tsx as a loader: one process per command (the tsx binary would start two).
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: apiDir, env: childEnv(extra) });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function ok(...args: string[]): Promise<string> {
  const r = await cli(...args);
  if (r.code !== 0) throw new Error(`pnpm cli ${args.join(' ')} failed (${r.code}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Starts api/src/main.ts and resolves when it prints its URLs (the API answers by then). */
function startPlatform(extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; code: number | null; output: string }> {
  return new Promise((resolve) => {
    // node itself (tsx as a loader), so the pid is the platform's and SIGKILL reaches it.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: apiDir, env: childEnv(extraEnv) });
    let output = '';
    let done = false;
    const finish = (code: number | null) => {
      if (done) return;
      done = true;
      resolve({ child, code, output });
    };
    const onData = (d: Buffer) => {
      output += d.toString();
      if (/demo sign-ins/.test(output)) finish(null);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => finish(code));
  });
}

async function start(): Promise<void> {
  const r = await startPlatform();
  if (r.code !== null) throw new Error(`platform did not start (${r.code}): ${r.output}`);
  platform = r.child;
}

async function stop(signal: NodeJS.Signals): Promise<void> {
  const p = platform;
  platform = null;
  if (!p || p.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    p.once('exit', () => resolve());
    p.kill(signal);
  });
}

const api = (path: string, body: unknown) =>
  fetch(`http://127.0.0.1:${ports.api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Reads the database the way any other process does: through the running platform. */
async function count(query: ReturnType<typeof sql>): Promise<number> {
  const database = await openDatabase(pgUrl ? { url: pgUrl } : { dataDir }, { waitMs: 5000 });
  try {
    const [row] = await queryRows<{ n: number }>(database.db, query);
    return Number(row?.n ?? 0);
  } finally {
    await database.close();
  }
}

/**
 * Whether some process holds an established connection to the platform's database server (Linux):
 * its Unix socket `.s.PGSQL.<port>` (state 03, connected, in /proc/net/unix), or 127.0.0.1:port
 * (state 01, established, in /proc/net/tcp) when it serves over TCP.
 */
function connectedTo(owner: { port?: number; socketDir?: string }): boolean {
  const port = owner.port!;
  try {
    if (owner.socketDir !== undefined) {
      const path = join(owner.socketDir, `.s.PGSQL.${port}`);
      return readFileSync('/proc/net/unix', 'utf8').split('\n').some((l) => {
        const f = l.trim().split(/\s+/);
        return f[7] === path && f[5] === '03';
      });
    }
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    return readFileSync('/proc/net/tcp', 'utf8').split('\n').some((l) => {
      const f = l.trim().split(/\s+/);
      return f[2]?.endsWith(`:${hex}`) && f[3] === '01';
    });
  } catch {
    return true;
  }
}

const ITEMS = csvColumns(werkbeleving);
const BIG = 8000;
function responsesCsv(wave: string, n: number, prefix: string): string {
  const lines = [['response_id', 'wave', 'unit', 'submitted_on', ...ITEMS].join(',')];
  for (let i = 0; i < n; i++) {
    const values: Record<string, string> = { sv_team_observed: '1', sv_experienced: '1', gender: i % 2 ? 'vrouw' : 'man', personnel_type: 'burger', scale_civ: 'schaal_7_10', sv_safe: String((i % 5) + 1), wl1: String((i % 5) + 1), sat: String((i % 10) + 1) };
    lines.push([`${prefix}${i}`, wave, i % 3 ? 'TST-A' : 'TST-B', '2024-03-04', ...ITEMS.map((c) => values[c] ?? '')].join(','));
  }
  return lines.join('\n');
}

// Real processes on a shared 2-core machine: generous limits per test.
describe(`the platform on ${embedded ? 'the embedded database' : 'PostgreSQL'}`, { timeout: 300_000 }, () => {
  beforeAll(async () => {
    if (serverUrl) {
      const name = `vw_test_${randomBytes(6).toString('hex')}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, ...socketHost(serverUrl) });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      const u = new URL(serverUrl);
      u.pathname = `/${name}`;
      pgUrl = u.toString();
    }
    dir = mkdtempSync(join(tmpdir(), 'vw-platform-'));
    dataDir = join(dir, 'pglite');
    ports = { api: await freePort(), survey: await freePort(), dashboard: await freePort() };
    // No platform yet: the command owns the folder itself. An organisation means no demo on start.
    writeFileSync(join(dir, 'units.csv'), ['code,parent,name,level,excluded_from_pooling,valid_from,valid_to', 'TST,,Testorganisatie,organisatie,,,', 'TST-A,TST,Afdeling A,afdeling,,,', 'TST-B,TST,Afdeling B,afdeling,,,'].join('\n'));
    await ok('import', 'units', join(dir, 'units.csv'));
    expect(existsSync(`${dataDir}.owner`)).toBe(false);
    if (pgUrl) expect(existsSync(dataDir)).toBe(false);
    await start();
  });

  afterAll(async () => {
    await stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    if (serverUrl && pgUrl) {
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, ...socketHost(serverUrl) });
      await admin.unsafe(`drop database if exists ${new URL(pgUrl).pathname.slice(1)} with (force)`);
      await admin.end();
    }
  });

  it.skipIf(!embedded)('serves the data folder and records who owns it', () => {
    const owner = readOwner(dataDir)!;
    expect(owner.role).toBe('platform');
    expect(owner.pid).toBeGreaterThan(0);
    expect(owner.port).toBeGreaterThan(0);
  });

  it.skipIf(!embedded)('refuses a second start on the same data folder with one clear line', async () => {
    const others = { API_PORT: String(await freePort()), SURVEY_PORT: String(await freePort()), DASHBOARD_PORT: String(await freePort()) };
    // `npm start` (scripts/platform.mjs) refuses before it installs or builds anything …
    const npmStart = await new Promise<Run>((resolve) => {
      const p = spawn(process.execPath, [join(apiDir, '../scripts/platform.mjs'), 'start'], { cwd: join(apiDir, '..'), env: childEnv(others) });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(npmStart.code).toBe(1);
    expect(npmStart.stdout).toBe('');
    expect(npmStart.stderr).toMatch(/^cannot start: the platform already runs on .*pglite \(pid \d+\): use it, or stop it first/);
    expect(npmStart.stderr.trim().split('\n')).toHaveLength(1);
    // … and the platform process itself refuses too (a start that skipped the script).
    const r = await startPlatform(others);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/cannot start: the platform already runs on .*pglite \(pid \d+/);
    expect(r.output.trim().split('\n')).toHaveLength(1);
    expect(readOwner(dataDir)!.pid).toBe(platform!.pid);
  });

  it('runs every README command while the platform runs; printed links open the survey', async () => {
    expect(await ok('db', 'migrate')).toMatch(/migrations applied/);
    writeFileSync(join(dir, 'units2.csv'), ['code,parent,name,level,excluded_from_pooling,valid_from,valid_to', 'TST-C,TST,Afdeling C,afdeling,,,'].join('\n'));
    expect(await ok('import', 'units', join(dir, 'units2.csv'))).toMatch(/1 inserted/);
    writeFileSync(join(dir, 'population.csv'), ['unit,period,dimension,group,headcount', 'TST,TST-2024,all,all,60', 'TST-A,TST-2024,all,all,30', 'TST-B,TST-2024,all,all,20', 'TST-C,TST-2024,all,all,10'].join('\n'));
    expect(await ok('import', 'population', join(dir, 'population.csv'))).toMatch(/4 rows stored/);
    writeFileSync(join(dir, 'responses.csv'), responsesCsv('TST-2024', 40, 'r'));
    expect(await ok('import', 'responses', join(dir, 'responses.csv'), '--wave', 'TST-2024')).toMatch(/40 stored/);

    const day = 86_400_000;
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    expect(await ok('wave', 'create', '--code', 'TST-LIVE', '--org', 'TST', '--instrument', 'werkbeleving-sv@1', '--units', 'all', '--opens', iso(Date.now() - day), '--closes', iso(Date.now() + 7 * day))).toMatch(/wave TST-LIVE created/);
    const csv = await ok('wave', 'invite', '--wave', 'TST-LIVE', '--unit', 'TST-A', '--count', '2');
    const links = csv.trim().split('\n').slice(1).map((l) => l.split(',')[1]!);
    expect(links).toHaveLength(2);
    for (const link of links) {
      expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${ports.survey}/t/`));
      const token = link.split('/t/')[1]!;
      // The API route behind the survey's link page: the platform knows the invitation.
      expect((await api('/survey/session', { token })).status).toBe(200);
      if (existsSync(join(apiDir, '../survey/build/index.js'))) {
        const page = await fetch(link, { redirect: 'manual' });
        expect([200, 303]).toContain(page.status);
      }
    }
    const submitted = await api('/survey/submit', { token: links[0]!.split('/t/')[1], answers: completeAnswers(false), key: randomBytes(18).toString('base64url') });
    expect(submitted.status).toBe(200);
    expect(await ok('wave', 'open-links', '--wave', 'TST-LIVE', '--unit', 'TST-B')).toMatch(/^unit,link,code\n/);
    expect(await ok('wave', 'close', '--wave', 'TST-LIVE')).toMatch(/1 invitations used/);

    expect(await ok('release', 'build', '--period', 'TST-2024')).toMatch(/\d+/);
    const exported = await ok('release', 'export', '--period', 'TST-2024', '--format', 'csv');
    expect(exported.split('\n').length).toBeGreaterThan(5);
    expect(await ok('report', 'unit', 'TST', '--period', 'TST-2024', '--format', 'json')).toMatch(/"unit"/);
    // Retention: nothing has expired yet (a release frozen today), and a dry run deletes nothing.
    expect(await ok('db', 'retention', '--dry-run')).toMatch(/retention: 0 wave\(s\)/);
    // A bad command changes nothing and says why, in one line.
    const bad = await cli('import', 'responses', join(dir, 'nope.csv'), '--wave', 'X');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cannot read file/);
  });

  it.skipIf(!embedded)('loses nothing acknowledged when killed mid-import and mid-submit, and restarts on its folder', async () => {
    const day = 86_400_000;
    const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
    await ok('wave', 'create', '--code', 'TST-KILL', '--org', 'TST', '--instrument', 'werkbeleving-sv@1', '--units', 'all', '--opens', iso(Date.now() - day), '--closes', iso(Date.now() + 7 * day));
    const tokens = (await ok('wave', 'invite', '--wave', 'TST-KILL', '--unit', 'TST-A', '--count', '400')).trim().split('\n').slice(1).map((l) => l.split('/t/')[1]!);
    const before = { releases: await count(sql`select count(*)::int as n from releases`), units: await count(sql`select count(*)::int as n from units`) };
    writeFileSync(join(dir, 'big.csv'), responsesCsv('TST-2023', BIG, 'big'));

    // An import through the platform and a stream of submissions, then SIGKILL in the middle.
    const importing = cli('import', 'responses', join(dir, 'big.csv'), '--wave', 'TST-2023');
    const acknowledged: string[] = [];
    let stopSubmitting = false;
    const queue = [...tokens];
    const submitter = async () => {
      for (let token = queue.shift(); token !== undefined; token = queue.shift()) {
        if (stopSubmitting) break;
        try {
          const r = await api('/survey/submit', { token, answers: completeAnswers(true), key: randomBytes(18).toString('base64url') });
          if (r.status === 200) acknowledged.push(token);
        } catch {
          break;
        }
      }
    };
    // Submissions start once the import is connected to the platform; the kill comes when the
    // import has been under way for 1.5 s, or earlier when few invitations are left, so that it
    // always falls in the middle of the submissions however fast the machine is.
    const owner = readOwner(dataDir)!;
    const t0 = Date.now();
    while (!connectedTo(owner) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
    const submitters = Promise.all([submitter(), submitter()]);
    const t1 = Date.now();
    while (Date.now() - t1 < 1500 && queue.length > 100) await new Promise((r) => setTimeout(r, 10));
    await stop('SIGKILL');
    stopSubmitting = true;
    const imported = await importing;
    await submitters;

    await start();
    const used = await count(sql`select count(*)::int as n from invitations i join waves w on w.id = i.wave_id where w.code = 'TST-KILL' and i.used`);
    const stored = await count(sql`select count(*)::int as n from responses r join waves w on w.id = r.wave_id where w.code = 'TST-KILL'`);
    expect(used).toBe(stored);
    expect(stored).toBeGreaterThanOrEqual(acknowledged.length);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.length).toBeLessThan(tokens.length); // killed mid-submit
    // Every acknowledged token is spent: the platform knows it was submitted.
    for (const token of acknowledged) expect((await api('/survey/session', { token })).status).not.toBe(200);
    // The import is all or nothing: acknowledged (exit 0) means every row, otherwise none.
    const big = await count(sql`select count(*)::int as n from responses r join waves w on w.id = r.wave_id where w.code = 'TST-2023'`);
    expect([0, BIG]).toContain(big);
    if (imported.code === 0) expect(big).toBe(BIG);
    expect(await count(sql`select count(*)::int as n from releases`)).toBe(before.releases);
    expect(await count(sql`select count(*)::int as n from units`)).toBe(before.units);
  });

  it('finds everything again after a clean stop and start', async () => {
    await stop('SIGTERM');
    expect(existsSync(`${dataDir}.owner`)).toBe(false);
    await start();
    expect(await count(sql`select count(*)::int as n from waves where code in ('TST-2024', 'TST-LIVE', 'TST-KILL')`)).toBe(embedded ? 3 : 2);
    expect(await count(sql`select count(*)::int as n from responses r join waves w on w.id = r.wave_id where w.code = 'TST-2024'`)).toBe(40);
    expect(await ok('release', 'export', '--period', 'TST-2024', '--format', 'json')).toMatch(/TST/);
    const root = await (await fetch(`http://127.0.0.1:${ports.api}/`)).json() as Record<string, string>;
    expect(root.health).toMatch(/\/health$/);
    expect(root.survey).toBe(`http://127.0.0.1:${ports.survey}`);
  });

  it.skipIf(!embedded)('backs up while it runs; the backup restores into a new data folder with the same rows', async () => {
    const file = join(dir, 'backup.jsonl.gz');
    expect((await cli('db', 'backup', file)).code).toBe(0);
    const copy = join(dir, 'copy');
    const restored = await cliIn({ DATA_DIR: copy }, 'db', 'restore', file);
    expect(restored.code, restored.stderr).toBe(0);
    const counts = async (folder: string) => {
      const database = await openDatabase({ dataDir: folder }, { waitMs: 5000 });
      try {
        return await queryRows<{ t: string; n: number }>(database.db, sql`
          select 'responses' as t, count(*)::int as n from responses union all select 'release_rows', count(*)::int from release_rows
          union all select 'invitations', count(*)::int from invitations union all select 'units', count(*)::int from units`);
      } finally {
        await database.close();
      }
    };
    const [live, copied] = [await counts(dataDir), await counts(join(copy, 'pglite'))];
    expect(copied).toEqual(live);
    expect(live.find((r) => r.t === 'release_rows')!.n).toBeGreaterThan(0);
  });

  it.skipIf(!embedded)('says in one line what to do when the data folder cannot be opened', async () => {
    const broken = join(dir, 'broken');
    mkdirSync(join(broken, 'pglite'), { recursive: true });
    writeFileSync(join(broken, 'pglite', 'PG_VERSION'), '99\n');
    const r = await startPlatform({ DATA_DIR: broken, API_PORT: String(await freePort()) });
    expect(r.code).toBe(1);
    expect(r.output.trim().split('\n')).toHaveLength(1);
    expect(r.output).toMatch(/^cannot start: the embedded database in .*broken\/pglite cannot be opened \(.*\)\. Move the folder aside \(mv .* .*\.broken\).*pnpm cli db restore FILE/);
    expect(existsSync(join(broken, 'pglite.owner'))).toBe(false);
    const c = await cliIn({ DATA_DIR: broken }, 'db', 'migrate');
    expect(c.code).toBe(1);
    expect(c.stderr.trim().split('\n')).toHaveLength(1);
  });
});
