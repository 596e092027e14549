/**
 * Survey submission benchmark (not a test): 100 concurrent respondents submitting complete
 * responses to the API (in-process HTTP server on a port) backed by the local PostgreSQL, versus a
 * baseline of the same inserts done directly with the driver.
 *
 *   pnpm exec tsx bench/survey-submit.ts [--url postgres://postgres@127.0.0.1:5432/] [--n 5000] [--concurrency 100]
 *
 * Creates a fresh database, drops it afterwards. Prints a Markdown block for bench/RESULTS.md.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { postgres, sql, werkbeleving, type Answers } from '../api/test/survey/bench-support.js';
import { openDatabase } from '../api/src/db/client.js';
import { responses } from '../api/src/db/schema.js';
import { createInvitations } from '../api/src/services/invitations.js';
import { responseRow } from '../api/src/services/responses.js';
import { dayOf } from '../api/src/services/submissions.js';
import { createOrganisation } from '../api/test/survey/factories.js';
import { createWaveFromCodes } from '../api/src/services/wave-admin.js';
import { cpuSince, cpuSnapshot } from './cpu-account.js';

const { values } = parseArgs({ options: { url: { type: 'string' }, n: { type: 'string' }, concurrency: { type: 'string' } } });
const serverUrl = values.url ?? 'postgres://postgres@127.0.0.1:5432/';
const N = Number(values.n ?? 5000);
const CONCURRENCY = Number(values.concurrency ?? 100);

function answers(i: number): Answers {
  const victim = i % 12 === 0;
  const a: Answers = {};
  for (const item of werkbeleving.items) if (item.type === 'scale' && item.module === 'wb') a[item.code] = item.scale === 'mark10' ? 1 + (i % 10) : 1 + (i % 5);
  a['sv_team_observed'] = 1 + (i % 5);
  a['sv_experienced'] = victim ? 3 : 1;
  if (victim) {
    a['sv_form'] = ['pesten'];
    a['sv_perpetrator'] = ['collega'];
    a['sv_discussed'] = ['niemand'];
    a['sv_reported'] = 'meldpunt';
  }
  for (const c of ['sv_aware_where', 'sv_aware_complaints', 'sv_aware_vp', 'sv_aware_code']) a[c] = i % 3 ? 'ja' : 'nee';
  a['sv_willing'] = 4; a['sv_channel'] = 'meldpunt'; a['sv_trust'] = 3; a['sv_fear'] = 2;
  a['gender'] = ['man', 'vrouw', 'zeg_niet'][i % 3]!; a['age_band'] = '35_44'; a['personnel_type'] = 'burger'; a['scale_civ'] = 'schaal_7_10';
  return a;
}

/**
 * POSTs JSON over a keep-alive connection with node:http (respondents' browsers cost the server
 * nothing; the generator should cost the shared two cores as little as it can: undici's fetch
 * spent ~1 ms of CPU per request here, node:http about a third of that).
 */
function post(agent: Agent, port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<number>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      latencies.push(await run(item));
    }
  }));
  return { seconds: (performance.now() - start) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

const name = `vw_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres(`${serverUrl.replace(/\/$/, '')}/postgres`, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const dbUrl = `${serverUrl.replace(/\/$/, '')}/${name}`;
try {
  const database = await openDatabase({ url: dbUrl });
  await database.migrate();
  const db = database.db;
  await createOrganisation(db);
  const wave = await createWaveFromCodes(db, {
    code: 'BENCH', org: 'TST', instrument: 'werkbeleving-sv@1', units: 'all',
    opens: new Date(Date.now() - 86_400_000), closes: new Date(Date.now() + 86_400_000),
  });
  const issued = await createInvitations(db, 'BENCH', { unit: 'TST-A', count: N });
  // The API runs in its own process (bench/survey-server.ts): respondents' browsers do not share
  // the server's event loop, and neither should the load generator.
  const child = spawn(process.execPath, [...(process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', '--cpu-prof-dir=/tmp/sprof'] : []), '--import', 'tsx', new URL('./survey-server.ts', import.meta.url).pathname, dbUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => { const m = /port (\d+)/.exec(d.toString()); if (m) resolve(Number(m[1])); });
    child.once('exit', (code) => reject(new Error(`API server exited (${code})`)));
  });
  const server = { close: () => child.kill('SIGTERM') };
  const bodies = issued.map((inv, i) => JSON.stringify({ token: inv.token, answers: answers(i), key: randomBytes(18).toString('base64url') }));

  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  // warm-up (connections, JIT): 200 submissions not counted
  const warm = await createInvitations(db, 'BENCH', { unit: 'TST-B', count: 200 });
  await pool(warm.map((w, i) => JSON.stringify({ token: w.token, answers: answers(i), key: randomBytes(18).toString('base64url') })), CONCURRENCY, async (body) => {
    await post(agent, port, '/survey/submit', body);
    return 0;
  });

  const who = (pid: number, comm: string) => pid === child.pid ? 'API server' : pid === process.pid ? 'load generator' : comm === 'postgres' ? 'PostgreSQL' : 'other';
  const cpu0 = cpuSnapshot(who);
  let failures = 0;
  const api = await pool(bodies, CONCURRENCY, async (body) => {
    const t0 = performance.now();
    const status = await post(agent, port, '/survey/submit', body);
    if (status !== 200) failures += 1;
    return performance.now() - t0;
  });
  const apiCpu = cpuSince(cpu0, cpuSnapshot(who));
  agent.destroy();
  server.close();
  const [{ n: stored } = { n: 0 }] = await database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from responses where unit_id = (select id from units where code = 'TST-A')`,
  ) as unknown as { n: number }[];

  // baseline: the same response rows (derived columns included) inserted directly, one per call,
  // with the same concurrency and the same connection pool size (10)
  const [unit] = await database.db.execute(sql`select id from units where code = 'TST-B'`) as unknown as { id: number }[];
  const rows = issued.map((_, i) => responseRow(werkbeleving, {
    id: randomUUID(), waveId: wave.id, unitId: unit!.id, instrumentVersionId: wave.instrumentVersionId, submittedOn: dayOf(new Date()), answers: answers(i),
  }));
  const cpu1 = cpuSnapshot(who);
  const direct = await pool(rows, CONCURRENCY, async (row) => {
    const t0 = performance.now();
    await db.insert(responses).values(row);
    return performance.now() - t0;
  });
  const directCpu = cpuSince(cpu1, cpuSnapshot(who));
  await database.close();

  const cpuNames = ['API server', 'load generator', 'PostgreSQL', 'other'];
  const perSubmission = (m: Map<string, number>, k: string) => ((m.get(k) ?? 0) * 1000 / N).toFixed(0);
  const rate = (r: { seconds: number; latencies: number[] }) => r.latencies.length / r.seconds;
  const fmt = (x: number) => x.toFixed(1);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const pg = await admin`select version()`;
  console.log(`### Survey submit benchmark (${new Date().toISOString().slice(0, 10)})

Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${String(pg[0]?.['version']).split(',')[0]}.
Workload: ${N} complete responses (werkbeleving-sv@1, ~45 answers, 1 in 12 a victim path), ${CONCURRENCY} concurrent respondents,
API in its own Node process on a local port (Hono + @hono/node-server, postgres.js pool of 10), load from a second process, fresh database.

| path | submissions/s | p50 ms | p99 ms | failures |
|---|---:|---:|---:|---:|
| API \`POST /survey/submit\` (lookup, validate, derive, tx: claim token + insert + delete draft) | ${fmt(rate(api))} | ${fmt(percentile(api.latencies, 50))} | ${fmt(percentile(api.latencies, 99))} | ${failures} |
| baseline: same rows, direct \`INSERT\` with the driver | ${fmt(rate(direct))} | ${fmt(percentile(direct.latencies, 50))} | ${fmt(percentile(direct.latencies, 99))} | 0 |

Ratio API / baseline throughput: ${(rate(api) / rate(direct)).toFixed(2)}. Responses stored by the API run: ${stored} (expected ${N}).

CPU per submission (µs, user + system, from /proc):

| path | ${cpuNames.join(' | ')} |
|---|${cpuNames.map(() => '---:').join('|')}|
| API | ${cpuNames.map((k) => perSubmission(apiCpu, k)).join(' | ')} |
| baseline | ${cpuNames.map((k) => perSubmission(directCpu, k)).join(' | ')} |`);
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
