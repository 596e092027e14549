#!/usr/bin/env node
/**
 * The two quick-start commands, on a machine with only Node.js 20+ and npm:
 *   npm start  -> install dependencies, build the apps, migrate, load the demo, serve everything
 *   npm test   -> install dependencies, typecheck, lint, run every package's tests, print totals
 * pnpm is used when it is on the PATH, else fetched once through npx.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const PNPM_VERSION = '12.21.0';
const PACKAGES = ['questionnaire', 'analysis', 'migrations', 'api', 'survey', 'dashboard'];

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

function start() {
  install();
  must(run(['-r', '--filter', './survey', '--filter', './dashboard', 'run', 'build']), 'building the apps');
  must(run(['exec', 'tsx', 'api/src/main.ts']), 'the platform');
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
  }
  writeFileSync(join(outDir, 'summary.json'), JSON.stringify({ passed, failed, failures }));
  console.log('');
  if (failures.length) console.log(`failed: ${failures.join(', ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failures.length || failed ? 1 : 0);
}

const command = process.argv[2];
if (command === 'start') start();
else if (command === 'test') test();
else if (command === 'install') install();
else {
  console.error('usage: node scripts/platform.mjs start|test|install');
  process.exit(2);
}
