/**
 * The value check's switch (decision 047): one default (`VALUE_PROTECTION_DEFAULT`),
 * `VW_VALUE_PROTECTION=1|0` overriding it both ways for every build that does not choose (the CLI
 * without a flag, the admin API, `npm start`'s demo releases), and `release build
 * --value-protection` / `--no-value-protection` overriding both for one build. Real processes on a
 * real embedded data folder (a fresh copy of one seeded folder per build: a value-checked build
 * over a history built without it is refused, decision 041, so builds must not share a history).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, sql } from '../src/db/client.js';
import { parseEnv } from '../src/env.js';
import { csrfTokenFor } from '../src/auth/session.js';
import { createUser } from '../src/services/users.js';
import { VALUE_PROTECTION_DEFAULT, valueProtectionDefault } from '../src/services/releases.js';
import { USAGE } from '../src/cli/commands.js';
import { freePort } from './helpers/net.js';
import { valueFixture, SMALL_ORGANISATION } from './helpers/value-fixture.js';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
let dir: string;
let seeded: string;
let copies = 0;

/** A fresh copy of the seeded DATA_DIR (organisation VAL, one closed wave, an admin). */
function freshFolder(): string {
  const target = join(dir, `copy-${copies++}`);
  cpSync(seeded, target, { recursive: true });
  return target;
}

/** The child's environment: the embedded database in `dataDir`, VW_VALUE_PROTECTION only if given. */
function childEnv(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  delete e.DATABASE_URL;
  if (!('VW_VALUE_PROTECTION' in extra)) delete e.VW_VALUE_PROTECTION;
  return e;
}

interface Run { code: number | null; stdout: string; stderr: string }

function cli(dataDir: string, extra: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: apiDir, env: childEnv(dataDir, extra) });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Whether each frozen release of the folder ran the value check, oldest first. */
async function checkedReleases(dataDir: string): Promise<boolean[]> {
  const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  try {
    const rows = await queryRows<{ enabled: boolean }>(database.db, sql`select (summary->'disclosure'->'perIndicator'->>'enabled')::boolean as enabled from releases order by frozen_at, id`);
    return rows.map((r) => r.enabled);
  } finally {
    await database.close();
  }
}

/** `release build` of the fixture's wave in a fresh folder: whether the frozen release ran the check. */
async function build(extra: Record<string, string>, ...flags: string[]): Promise<boolean> {
  const folder = freshFolder();
  const r = await cli(folder, extra, 'release', 'build', '--period', 'VAL-2024', ...flags);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe('VAL-2024-r1');
  const checked = await checkedReleases(folder);
  expect(checked).toHaveLength(1);
  return checked[0]!;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vw-switch-'));
  seeded = join(dir, 'seeded');
  const database = await openDatabase({ dataDir: join(seeded, 'pglite') });
  await database.migrate();
  await valueFixture(database.db, SMALL_ORGANISATION, { k: 5, kVictims: 3 });
  await createUser(database.db, { email: 'admin@switch.example', password: 'correct horse battery staple', role: 'admin', organisationId: null, scopeUnitId: null });
  await database.close();
}, 120_000);
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('the value check: one default, the environment, the flags', () => {
  it('reads VW_VALUE_PROTECTION as 1 or 0 and refuses anything else at start', () => {
    expect(parseEnv({}).VW_VALUE_PROTECTION).toBeUndefined();
    expect(parseEnv({ VW_VALUE_PROTECTION: '1' }).VW_VALUE_PROTECTION).toBe(true);
    expect(parseEnv({ VW_VALUE_PROTECTION: '0' }).VW_VALUE_PROTECTION).toBe(false);
    for (const bad of ['true', 'yes', 'on', '2', ' 1', 'false']) {
      expect(() => parseEnv({ VW_VALUE_PROTECTION: bad }), bad).toThrow(/VW_VALUE_PROTECTION: must be 1 \(value check on\) or 0 \(off\)/);
    }
    // unset, the environment decides nothing and the one constant does; set, it wins both ways
    expect(valueProtectionDefault(undefined, true)).toBe(true);
    expect(valueProtectionDefault(undefined, false)).toBe(false);
    expect(valueProtectionDefault(true, false)).toBe(true);
    expect(valueProtectionDefault(false, true)).toBe(false);
    expect(valueProtectionDefault(undefined)).toBe(VALUE_PROTECTION_DEFAULT);
  });

  it('documents both flags and the environment in the CLI help', () => {
    expect(USAGE).toContain('release build --period P [--org ROOT] [--value-protection | --no-value-protection]');
    expect(USAGE).toMatch(/VW_VALUE_PROTECTION=1\|0\s+decides, and unset it is (on|off)/);
    expect(USAGE).toContain(`unset it is ${VALUE_PROTECTION_DEFAULT ? 'on' : 'off'}`);
  });

  it('builds with the default when neither the environment nor a flag says', async () => {
    expect(await build({})).toBe(VALUE_PROTECTION_DEFAULT);
  }, 120_000);

  it('follows VW_VALUE_PROTECTION both ways when no flag is given', async () => {
    expect(await build({ VW_VALUE_PROTECTION: '1' })).toBe(true);
    expect(await build({ VW_VALUE_PROTECTION: '0' })).toBe(false);
  }, 180_000);

  it('lets a flag override the environment both ways, and refuses both flags at once', async () => {
    expect(await build({ VW_VALUE_PROTECTION: '0' }, '--value-protection')).toBe(true);
    expect(await build({ VW_VALUE_PROTECTION: '1' }, '--no-value-protection')).toBe(false);
    const folder = freshFolder();
    const both = await cli(folder, {}, 'release', 'build', '--period', 'VAL-2024', '--value-protection', '--no-value-protection');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('error: release build takes --value-protection or --no-value-protection, not both');
    expect(await checkedReleases(folder)).toEqual([]);
  }, 180_000);

  it('refuses a VW_VALUE_PROTECTION that is neither 1 nor 0 before doing anything', async () => {
    const folder = freshFolder();
    const r = await cli(folder, { VW_VALUE_PROTECTION: 'yes' }, 'release', 'build', '--period', 'VAL-2024', '--value-protection');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('VW_VALUE_PROTECTION: must be 1 (value check on) or 0 (off), or unset for the default');
    expect(r.stdout).toBe('');
    expect(await checkedReleases(folder)).toEqual([]);
  }, 120_000);

  it('builds through the admin API with the environment\'s choice (no flag there)', async () => {
    // the opposite of the default, so the test shows the environment was read whichever way the default is
    const wanted = !VALUE_PROTECTION_DEFAULT;
    const folder = freshFolder();
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: apiDir, env: childEnv(folder, { VW_VALUE_PROTECTION: wanted ? '1' : '0', API_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' }), stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let seen = '';
        child.stderr!.on('data', (d: Buffer) => { seen += d.toString(); if (seen.includes('"msg":"listening"')) resolve(); });
        child.once('exit', (code) => reject(new Error(`API exited (${code}): ${seen.slice(-500)}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@switch.example', password: 'correct horse battery staple' }) });
      expect(login.status).toBe(200);
      const cookie = /vw_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
      const res = await fetch(`${base}/releases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfTokenFor(cookie.replace(/^vw_session=/, '')) },
        body: JSON.stringify({ period: 'VAL-2024' }),
      });
      expect(res.status).toBe(201);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(await checkedReleases(folder)).toEqual([wanted]);
  }, 180_000);
});
