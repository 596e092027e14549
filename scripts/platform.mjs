#!/usr/bin/env node
/**
 * The two quick-start commands, on a machine with only Node.js 20+ and npm:
 *   npm start  -> install dependencies, build the apps, migrate, load the demo, serve everything
 *   npm test   -> install dependencies, typecheck, lint, run every package's tests, print totals
 * pnpm is used when it is on the PATH, else fetched once through npx.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const PNPM_VERSION = '12.21.0';
const PACKAGES = ['questionnaire', 'analysis', 'migrations', 'app-shared', 'api', 'survey', 'dashboard'];

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (probe.status === 0) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}
const pnpm = pnpmCommand();

function run(args, opts = {}) {
  const [cmd, ...rest] = [...pnpm, ...args];
  const r = spawnSync(cmd, rest, { cwd: opts.cwd ?? root, stdio: 'inherit', env: { ...process.env, ...opts.env } });
  return r.status ?? 1;
}

function must(status, what) {
  if (status !== 0) {
    console.error(`\n${what} failed (exit ${status})`);
    process.exit(status || 1);
  }
}

function install() {
  must(run(['install', '--frozen-lockfile', '--reporter=silent']), 'pnpm install');
}

// ---- npm start: a product's start (decision 051) ------------------------------------------------

/** One progress line per step: what, and how long it took. */
function progress(what, since, note = '') {
  console.log(`  ${what.padEnd(44)} ${((Date.now() - since) / 1000).toFixed(1)} s${note ? `  ${note}` : ''}`);
}

/** Runs pnpm with its output captured; prints it only when the step fails. */
function quiet(args, cwd = root) {
  return new Promise((resolve) => {
    const [cmd, ...rest] = [...pnpm, ...args];
    const child = spawn(cmd, rest, { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (status) => resolve({ status: status ?? 1, output }));
  });
}

function failed(what, r) {
  console.error(`\n${what} failed (exit ${r.status}); its output:\n`);
  console.error(r.output.trimEnd());
  process.exit(r.status || 1);
}

/** SHA-256 over the paths and contents of every file below the given paths (skipping outputs). */
function hashInputs(paths) {
  const skip = new Set(['node_modules', 'build', '.svelte-kit', 'dist', 'test', 'test-results']);
  const files = [];
  const walk = (p) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!skip.has(name)) walk(join(p, name));
    } else if (!/\.test\.ts$/.test(p)) files.push(p);
  };
  for (const p of paths) walk(join(root, p));
  const h = createHash('sha256');
  for (const f of files) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

const INSTALL_INPUTS = ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json', ...PACKAGES.map((p) => `${p}/package.json`)];
const SHARED_BUILD_INPUTS = ['pnpm-lock.yaml', 'package.json', 'tsconfig.base.json', 'questionnaire/src', 'questionnaire/package.json', 'app-shared/src', 'app-shared/package.json', 'analysis/src', 'analysis/package.json', 'api/src', 'api/package.json'];
const APP_INPUTS = ['src', 'static', 'package.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json'];

/** Installs dependencies only when the lockfile or a package manifest changed since the last install. */
async function installIfChanged() {
  const t = Date.now();
  const stamp = join(root, 'node_modules', '.vw-install-inputs');
  const hash = hashInputs(INSTALL_INPUTS);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return progress('install', t, '(unchanged)');
  const r = await quiet(['install', '--frozen-lockfile', '--reporter=silent']);
  if (r.status !== 0) failed('pnpm install', r);
  writeFileSync(stamp, hash);
  progress('install', t);
}

/** Builds each app whose sources or dependencies changed since its last build (in parallel). */
async function buildIfChanged() {
  const t = Date.now();
  const apps = ['survey', 'dashboard'].map((app) => {
    const hash = hashInputs([...SHARED_BUILD_INPUTS, ...APP_INPUTS.map((p) => `${app}/${p}`)]);
    const stamp = join(root, app, 'build', '.inputs-hash');
    const fresh = existsSync(join(root, app, 'build', 'index.js')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
    return { app, hash, stamp, fresh };
  });
  const stale = apps.filter((a) => !a.fresh);
  if (stale.length === 0) return progress('build survey + dashboard', t, '(unchanged)');
  await Promise.all(stale.map(async (a) => {
    const r = await quiet(['run', 'build'], join(root, a.app));
    if (r.status !== 0) failed(`building ${a.app}`, r);
    writeFileSync(a.stamp, a.hash);
  }));
  progress(`build ${stale.map((a) => a.app).join(' + ')}`, t);
}

/**
 * A platform that already runs on this data folder (decision 050) is refused before anything is
 * installed or built: a rebuild would replace the files its apps are serving. api/src/main.ts
 * checks again, precisely (pid start time), when it opens the folder.
 */
function refuseIfRunning() {
  if (process.env.DATABASE_URL) return;
  const dataDir = join(process.env.DATA_DIR || join(root, '.data'), 'pglite');
  let info;
  try {
    info = JSON.parse(readFileSync(`${dataDir}.owner`, 'utf8'));
    process.kill(info.pid, 0);
  } catch (e) {
    if (!info || e.code !== 'EPERM') return;
  }
  console.error(info.role === 'platform'
    ? `cannot start: the platform already runs on ${dataDir} (pid ${info.pid}): use it, or stop it first (Ctrl-C in its terminal, or kill ${info.pid}), or start this one with another DATA_DIR`
    : `cannot start: a command (pid ${info.pid}) is using the embedded database in ${dataDir}: wait for it to finish, then run npm start again`);
  process.exit(1);
}

async function start() {
  refuseIfRunning();
  console.log('Veilig Werk: starting');
  await installIfChanged();
  await buildIfChanged();
  // The platform itself prints its steps (open, migrate, demo) and the URLs. Run by node with tsx
  // as a loader (no extra pnpm/tsx process in between), so signals reach it directly.
  // One JSON line per request is for operators (LOG_LEVEL=info); a person trying the platform
  // sees the steps, the URLs and warnings only.
  const env = { LOG_LEVEL: 'warn', ...process.env };
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], { cwd: root, stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * Browser tests drive the system's Chromium (never a downloaded one). On a machine without it,
 * install Debian's package when we can (root with apt-get); otherwise say what is missing.
 */
function ensureChromium() {
  const path = '/usr/bin/chromium';
  if (existsSync(path)) return;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' });
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (apt.status === 0 && root) {
    console.log('installing Chromium for the browser tests (Debian package chromium) …');
    spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], { stdio: 'inherit' });
  }
  if (!existsSync(path)) {
    console.error(`Chromium not found at ${path}: the browser tests need it (Debian/Ubuntu: sudo apt-get install chromium).`);
  }
}

/** `package: file > test — first line of the error` for each failed test of a vitest JSON report. */
function failedTestNames(pkg, report, status) {
  const out = [];
  for (const file of report.testResults ?? []) {
    const name = relative(join(root, pkg), file.name);
    for (const a of file.assertionResults ?? []) {
      if (a.status !== 'failed') continue;
      const why = String(a.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 200);
      out.push(`${pkg}: ${name} > ${a.fullName ?? a.title} — ${why}`);
    }
    // A file that failed without a failed test (it did not load, or a hook failed).
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed')) {
      out.push(`${pkg}: ${name} — ${String(file.message ?? 'failed').split('\n')[0].slice(0, 200)}`);
    }
  }
  if (status !== 0 && out.length === 0) out.push(`${pkg}: vitest exited with ${status} (an error outside the tests; see its output)`);
  return out;
}

function test() {
  install();
  ensureChromium();
  const outDir = join(root, 'test-results');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const failures = [];
  if (run(['run', 'typecheck']) !== 0) failures.push('typecheck');
  if (run(['run', 'lint']) !== 0) failures.push('lint');
  let passed = 0;
  let failed = 0;
  const failedTests = [];
  for (const pkg of PACKAGES) {
    const report = join(outDir, `${pkg}.json`);
    const status = run(['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { cwd: join(root, pkg) });
    if (!existsSync(report)) {
      failures.push(`${pkg} (no test report)`);
      failed += 1;
      continue;
    }
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // A suite that failed to load counts as a failure even when no single test failed.
    if (status !== 0) failures.push(pkg);
    if (status !== 0 && r.numFailedTests === 0) failed += 1;
    failedTests.push(...failedTestNames(pkg, r, status));
  }
  writeFileSync(join(outDir, 'summary.json'), JSON.stringify({ passed, failed, failures, failedTests }));
  console.log('');
  // Named again at the end, where a CI log's tail shows them.
  for (const t of failedTests) console.log(`FAILED ${t}`);
  if (failures.length) console.log(`failed: ${failures.join(', ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failures.length || failed ? 1 : 0);
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'test') test();
else if (command === 'install') install();
else {
  console.error('usage: node scripts/platform.mjs start|test|install');
  process.exit(2);
}
