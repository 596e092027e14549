/**
 * Survey submission benchmark (not a test): 100 concurrent respondents submitting complete
 * responses to the API (its own process, on a local port) backed by the local PostgreSQL, versus a
 * baseline of the same inserts done directly with the driver.
 *
 * Two API phases (docs/decisions/032-submit-path-and-benchmark.md):
 *  - saturation: every respondent submits again as soon as the last one returns (closed loop); the
 *    throughput is the capacity, and the latency is queueing by construction (Little's law:
 *    mean latency = respondents / throughput);
 *  - paced: the same respondents submit at a fixed offered rate (`--rate`, default 1000/s); latency
 *    counts from the moment a submission was due, so a server falling behind is not hidden
 *    (no coordinated omission).
 *
 *   pnpm exec tsx bench/survey-submit.ts [--url postgres://postgres@127.0.0.1:5432/] [--n 20000] [--concurrency 100] [--rate 1000] [--processes 1]
 *   (over the Unix socket: --url postgres://postgres@%2Fvar%2Frun%2Fpostgresql/)
 *
 * Creates a fresh database, drops it afterwards. Prints a Markdown block for bench/RESULTS.md.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { postgres, sql, werkbeleving, type Answers } from '../api/test/survey/bench-support.js';
import { openDatabase, socketHost } from '../api/src/db/client.js';
import { createInvitations } from '../api/src/services/invitations.js';
import { responseRow } from '../api/src/services/responses.js';
import { dayOf } from '../api/src/services/submissions.js';
import { createOrganisation } from '../api/test/survey/factories.js';
import { createWaveFromCodes } from '../api/src/services/wave-admin.js';
import { cpuSince, cpuSnapshot } from './cpu-account.js';
import { LoadConnection, postRequest } from './http-load.js';

const { values } = parseArgs({ options: { url: { type: 'string' }, n: { type: 'string' }, concurrency: { type: 'string' }, rate: { type: 'string' }, processes: { type: 'string' } } });
const serverUrl = values.url ?? 'postgres://postgres@127.0.0.1:5432/';
const N = Number(values.n ?? 20000);
const CONCURRENCY = Number(values.concurrency ?? 100);
const RATE = Number(values.rate ?? 1000);
/** API processes side by side on the one database (respondents spread over them, as a proxy would). */
const PROCESSES = Number(values.processes ?? 1);

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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function pool<T>(items: T[], concurrency: number, run: (item: T, worker: number) => Promise<number>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (next < items.length) {
      const item = items[next++]!;
      latencies.push(await run(item, worker));
    }
  }));
  return { seconds: (performance.now() - start) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

/**
 * Open loop: item i is due at start + i / rate; a free respondent takes the next item and sends it
 * when due. Latency counts from the due moment, so time spent waiting for a free respondent (when
 * the server falls behind) is included.
 */
async function paced<T>(items: T[], rate: number, concurrency: number, run: (item: T, worker: number) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now() + 10;
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (next < items.length) {
      const i = next++;
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await run(items[i]!, worker);
      latencies.push(performance.now() - due);
    }
  }));
  return { seconds: (performance.now() - start) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

const walPosition = async (): Promise<string> => String((await admin`select pg_current_wal_lsn()::text as lsn`)[0]!['lsn']);
const walSince = async (from: string): Promise<number> => Number((await admin`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${from}::pg_lsn)::float8 as d`)[0]!['d']);

const name = `vw_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres(`${serverUrl.replace(/\/$/, '')}/postgres`, { max: 1, onnotice: () => {}, ...socketHost(serverUrl) });
const transport = socketHost(serverUrl).host ? `over its Unix socket in ${socketHost(serverUrl).host}` : `over TCP on ${new URL(serverUrl).host}`;
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
  const issuedPaced = await createInvitations(db, 'BENCH', { unit: 'TST-A', count: N });
  // The API runs in its own process (bench/survey-server.ts): respondents' browsers do not share
  // the server's event loop, and neither should the load generator.
  const children = Array.from({ length: PROCESSES }, () => spawn(process.execPath, [...(process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', '--cpu-prof-dir=/tmp/sprof'] : []), ...(process.env['BENCH_NODE_FLAGS']?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', new URL('./survey-server.ts', import.meta.url).pathname, dbUrl], { stdio: ['ignore', 'pipe', 'inherit'] }));
  const ports = await Promise.all(children.map((child) => new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => { const m = /port (\d+)/.exec(d.toString()); if (m) resolve(Number(m[1])); });
    child.once('exit', (code) => reject(new Error(`API server exited (${code})`)));
  })));
  const port = ports[0]!;
  const apiPids = new Set(children.map((c) => c.pid));
  const server = { close: () => { for (const c of children) c.kill('SIGTERM'); } };
  const body = (token: string, i: number) => JSON.stringify({ token, answers: answers(i), key: randomBytes(18).toString('base64url') });

  // one keep-alive connection per respondent; requests serialised before the clock starts
  const connections = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => LoadConnection.open(ports[i % PROCESSES]!)));
  // warm-up (connections, JIT): 1000 submissions not counted
  const warm = await createInvitations(db, 'BENCH', { unit: 'TST-B', count: 1000 });
  await pool(warm.map((w, i) => postRequest(port, '/survey/submit', body(w.token, i))), CONCURRENCY, async (request, worker) => {
    await connections[worker]!.send(request);
    return 0;
  });

  const who = (pid: number, comm: string) => apiPids.has(pid) ? 'API server' : pid === process.pid ? 'load generator' : comm === 'postgres' ? 'PostgreSQL' : 'other';
  let failures = 0;
  const saturationRequests = issued.map((inv, i) => postRequest(port, '/survey/submit', body(inv.token, i)));
  const cpu0 = cpuSnapshot(who);
  const wal0 = await walPosition();
  const api = await pool(saturationRequests, CONCURRENCY, async (request, worker) => {
    const t0 = performance.now();
    const status = await connections[worker]!.send(request);
    if (status !== 200) failures += 1;
    return performance.now() - t0;
  });
  const apiCpu = cpuSince(cpu0, cpuSnapshot(who));
  const apiWal = await walSince(wal0);

  const pacedRequests = issuedPaced.map((inv, i) => postRequest(port, '/survey/submit', body(inv.token, i)));
  const apiPaced = await paced(pacedRequests, RATE, CONCURRENCY, async (request, worker) => {
    const status = await connections[worker]!.send(request);
    if (status !== 200) failures += 1;
  });
  for (const c of connections) c.close();
  server.close();
  const [{ n: stored } = { n: 0 }] = await database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from responses where unit_id = (select id from units where code = 'TST-A')`,
  ) as unknown as { n: number }[];

  // baseline: the same response rows (derived columns included) inserted directly with the
  // driver (postgres.js, a prepared INSERT, a pool of 10 like the API's), with the same concurrency
  const [unit] = await database.db.execute(sql`select id from units where code = 'TST-B'`) as unknown as { id: number }[];
  const rows = issued.map((_, i) => responseRow(werkbeleving, {
    id: randomUUID(), waveId: wave.id, unitId: unit!.id, instrumentVersionId: wave.instrumentVersionId, submittedOn: dayOf(new Date()), answers: answers(i),
  }));
  await database.close();
  const driver = postgres(dbUrl, { max: 10, prepare: true, onnotice: () => {}, ...socketHost(dbUrl) });
  const insert = (r: (typeof rows)[number]) => driver`
    insert into responses (id, wave_id, unit_id, instrument_version_id, submitted_on, gender, age_band, personnel_type, rank_group, victim, answers, scores, facts)
    values (${r.id}, ${r.waveId}, ${r.unitId}, ${r.instrumentVersionId}, ${r.submittedOn}, ${r.gender}, ${r.ageBand}, ${r.personnelType}, ${r.rankGroup},
            ${r.victim}, ${driver.json(r.answers)}, ${driver.json(r.scores as postgres.JSONValue)}, ${r.facts}::text[])`;
  await pool(rows.slice(0, 1000).map((r) => ({ ...r, id: randomUUID() })), CONCURRENCY, async (row) => { await insert(row); return 0; }); // warm-up
  const cpu1 = cpuSnapshot(who);
  const wal1 = await walPosition();
  const direct = await pool(rows, CONCURRENCY, async (row) => {
    const t0 = performance.now();
    await insert(row);
    return performance.now() - t0;
  });
  const directCpu = cpuSince(cpu1, cpuSnapshot(who));
  const directWal = await walSince(wal1);
  await driver.end();

  const cpuNames = ['API server', 'load generator', 'PostgreSQL', 'other'];
  const perSubmission = (m: Map<string, number>, k: string) => ((m.get(k) ?? 0) * 1000 / N).toFixed(0);
  const rate = (r: { seconds: number; latencies: number[] }) => r.latencies.length / r.seconds;
  const fmt = (x: number) => x.toFixed(1);
  const lat = (r: { latencies: number[] }) => [50, 90, 99].map((p) => fmt(percentile(r.latencies, p))).concat(fmt(r.latencies[r.latencies.length - 1]!)).join(' | ');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const pg = await admin`select version()`;
  const met = rate(api) >= 1000 && percentile(apiPaced.latencies, 99) <= 100 && rate(apiPaced) >= 0.98 * RATE;
  console.log(`### Survey submit benchmark (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${loadavg()[0]!.toFixed(2)} at the end)

Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${String(pg[0]?.['version']).split(',')[0]}.
Workload: ${N} complete responses per phase (werkbeleving-sv@1, ~45 answers, 1 in 12 on the victim path), ${CONCURRENCY} concurrent respondents
on keep-alive connections, API in ${PROCESSES === 1 ? 'its own Node process' : `${PROCESSES} Node processes (respondents spread evenly, shared state in PostgreSQL)`} (Hono + @hono/node-server, postgres.js pool of 10 each), load from another process,
PostgreSQL ${transport}, fresh database, 1000 warm-up submissions not counted.

| phase | submissions/s | p50 ms | p90 ms | p99 ms | max ms |
|---|---:|---:|---:|---:|---:|
| API \`POST /survey/submit\` × ${PROCESSES} process${PROCESSES === 1 ? '' : 'es'}, saturation (closed loop) | ${fmt(rate(api))} | ${lat(api)} |
| API \`POST /survey/submit\` × ${PROCESSES}, paced at ${RATE}/s (open loop) | ${fmt(rate(apiPaced))} | ${lat(apiPaced)} |
| baseline: same rows, prepared \`INSERT\` with postgres.js, saturation | ${fmt(rate(direct))} | ${lat(direct)} |

Ratio API / baseline throughput at saturation: ${(rate(api) / rate(direct)).toFixed(2)}. Failed submissions: ${failures}. Responses stored by the API phases: ${stored} (expected ${2 * N}).
Target (≥ 1,000 submissions/s; p99 ≤ 100 ms at 1,000/s): **${met ? 'met' : 'not met'}**.

CPU per submission at saturation (µs, user + system, from /proc) and WAL written per submission:

| path | ${cpuNames.join(' | ')} | WAL bytes |
|---|${cpuNames.map(() => '---:').join('|')}|---:|
| API | ${cpuNames.map((k) => perSubmission(apiCpu, k)).join(' | ')} | ${(apiWal / N).toFixed(0)} |
| baseline | ${cpuNames.map((k) => perSubmission(directCpu, k)).join(' | ')} | ${(directWal / N).toFixed(0)} |`);
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
