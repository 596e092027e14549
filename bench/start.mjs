#!/usr/bin/env node
/**
 * How long `npm start` takes until the API, the survey and the dashboard all answer (issue 11).
 *
 *   node bench/start.mjs restart [--runs N]   restart with nothing changed (builds and data exist)
 *   node bench/start.mjs fresh [--runs N]     a fresh clone of this checkout (git clone of HEAD into
 *                                             a temporary folder: install, build, migrate, demo), then
 *                                             until it prints "releases ready" (the demo releases are
 *                                             built after the URLs answer, decision 047 session 8)
 *
 * Free ports and a temporary DATA_DIR per run, so it never touches a running platform. Prints
 * every run and the median; copy the lines into bench/RESULTS.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const mode = process.argv[2] ?? 'restart';
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : mode === 'fresh' ? 1 : 5;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(a.port));
    });
  });

async function up(url) {
  try {
    const r = await fetch(url, { redirect: 'manual' });
    return r.status < 500;
  } catch {
    return false;
  }
}

/**
 * Starts `npm start` in `cwd`, returns seconds until all three URLs answer (and, with
 * `untilReleases`, until it prints that the demo releases are ready), then stops it.
 */
async function timeStart(cwd, dataDir, untilReleases = false) {
  const ports = { API_PORT: await freePort(), SURVEY_PORT: await freePort(), DASHBOARD_PORT: await freePort() };
  const env = { ...process.env, DATA_DIR: dataDir, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const urls = [`http://127.0.0.1:${ports.API_PORT}/health`, `http://127.0.0.1:${ports.SURVEY_PORT}/`, `http://127.0.0.1:${ports.DASHBOARD_PORT}/`];
  let exited = false;
  child.on('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`npm start exited:\n${output}`);
    if ((await Promise.all(urls.map(up))).every(Boolean)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - t0) / 1000;
  let releases = null;
  if (untilReleases) {
    while (!/releases ready|releases: \d+ frozen/.test(output)) {
      if (exited) throw new Error(`npm start exited:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    releases = (performance.now() - t0) / 1000;
  }
  process.kill(-child.pid, 'SIGTERM');
  await new Promise((r) => (exited ? r() : child.on('exit', r)));
  return { seconds, releases, output };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = [];
if (mode === 'restart') {
  const dataDir = mkdtempSync(join(tmpdir(), 'vw-bench-start-'));
  // builds if needed, loads the demo, and waits for its releases (else every restart builds them again)
  const first = await timeStart(root, dataDir, true);
  console.log(`warm-up (first start, demo loaded): ${first.seconds.toFixed(1)} s, releases ready at ${first.releases.toFixed(1)} s`);
  for (let i = 0; i < runs; i++) {
    const r = await timeStart(root, dataDir);
    results.push(r.seconds);
    console.log(`restart ${i + 1}: ${r.seconds.toFixed(1)} s`);
    if (i === 0) console.log(r.output.replace(/^/gm, '    | '));
  }
  rmSync(dataDir, { recursive: true, force: true });
} else if (mode === 'fresh') {
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'vw-bench-clone-'));
    const clone = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', root, join(dir, 'repo')], { stdio: 'inherit' });
    if (clone.status !== 0) process.exit(1);
    const r = await timeStart(join(dir, 'repo'), join(dir, 'data'), true);
    results.push(r.seconds);
    console.log(`fresh clone ${i + 1}: ${r.seconds.toFixed(1)} s to all three URLs, ${r.releases.toFixed(1)} s to "releases ready"`);
    console.log(r.output.replace(/^/gm, '    | '));
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.error('usage: node bench/start.mjs restart|fresh [--runs N]');
  process.exit(2);
}
console.log(`${mode}: median ${median(results).toFixed(1)} s over ${results.length} run(s) (${results.map((x) => x.toFixed(1)).join(', ')}); load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
