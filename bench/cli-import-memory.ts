/**
 * Peak memory of `pnpm cli import population` (decision 063): a file at the limit (250,000 lines)
 * imported, a file of 1,000,000 rows refused, and as baseline the same CLI doing `db migrate` on
 * the same database. Each case runs `--runs` times as its own process under /usr/bin/time (peak
 * RSS, wall time); medians and the ratio to the baseline's median are printed as a table for
 * bench/RESULTS.md.
 *
 * Run: pnpm exec tsx bench/cli-import-memory.ts [--url postgres://postgres@127.0.0.1:5432/] [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { postgres } from '../api/test/survey/bench-support.js';
import { MAX_IMPORT_LINES } from '../api/src/cli/commands.js';

const { values } = parseArgs({ options: { url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/' }, runs: { type: 'string', default: '3' } } });
const serverUrl = values.url!.replace(/\/$/, '');
const runs = Number(values.runs);
const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'vw-bench-import-'));
const name = `vw_bench_${randomBytes(4).toString('hex')}`;
const admin = postgres(`${serverUrl}/postgres`, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const dbUrl = `${serverUrl}/${name}`;

/** Runs the CLI once; peak RSS in MiB and wall seconds from /usr/bin/time. */
function cli(args: string[], expectOk: boolean): { mib: number; seconds: number; out: string } {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %M %e', process.execPath, '--import', 'tsx', 'api/src/cli/main.ts', ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  const m = /TIME (\d+) ([\d.]+)/.exec(r.stderr);
  if (!m) throw new Error(`no measurement: ${r.stderr.slice(-500)}`);
  const ok = r.status === 0;
  if (ok !== expectOk) throw new Error(`${args.join(' ')}: exit ${r.status}: ${(r.stdout + r.stderr).slice(-500)}`);
  return { mib: Number(m[1]) / 1024, seconds: Number(m[2]), out: (r.stdout + r.stderr).split('\n').find((l) => l && !l.startsWith('TIME')) ?? '' };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  // 2,500 units; population rows unit × period (dimension all): the allowed file fills the limit.
  const units = Array.from({ length: 2_500 }, (_v, i) => `U${i}`);
  writeFileSync(join(dir, 'units.csv'), ['code,parent,name,level,excluded_from_pooling,valid_from,valid_to', 'ORG,,Org,organisatie,,,', ...units.map((u) => `${u},ORG,Unit ${u},eenheid,,,`)].join('\n') + '\n');
  cli(['import', 'units', join(dir, 'units.csv')], true);
  const rows = (n: number) => {
    const out: string[] = ['unit,period,dimension,group,headcount'];
    for (let i = 0; out.length <= n; i++) out.push(`${units[i % units.length]},${1000 + Math.floor(i / units.length)},all,all,${10 + (i % 90)}`);
    return out.join('\n') + '\n';
  };
  writeFileSync(join(dir, 'allowed.csv'), rows(MAX_IMPORT_LINES - 1));
  writeFileSync(join(dir, 'million.csv'), rows(1_000_000));

  const cases = [
    { label: '`db migrate` (baseline: the CLI itself)', args: ['db', 'migrate'], ok: true },
    { label: `import population, ${MAX_IMPORT_LINES - 1} rows (at the limit): imported`, args: ['import', 'population', join(dir, 'allowed.csv')], ok: true },
    { label: 'import population, 1,000,000 rows: refused', args: ['import', 'population', join(dir, 'million.csv')], ok: false },
  ];
  const results = cases.map((c) => {
    const r = Array.from({ length: runs }, () => cli(c.args, c.ok));
    return { ...c, mib: median(r.map((x) => x.mib)), seconds: median(r.map((x) => x.seconds)), out: r[0]!.out };
  });
  const base = results[0]!.mib;
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end; ${runs} runs per case, medians.\n`);
  console.log('| case | peak RSS MiB | ratio to baseline | wall s | says |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of results) console.log(`| ${r.label} | ${r.mib.toFixed(0)} | ${(r.mib / base).toFixed(2)} | ${r.seconds.toFixed(1)} | ${r.out.replace(/\|/g, '\\|').slice(0, 120)} |`);
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
