/**
 * `DATABASE_URL=… npm start` (README, PostgreSQL) with a database that does not exist yet or a
 * server that does not answer: one line saying what to do and exit 1 (found running the README's
 * commands, decision 087: it was PostgresError's stack, or connect's).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from './helpers/net.js';

const apiDir = fileURLToPath(new URL('..', import.meta.url));

async function start(databaseUrl: string): Promise<{ code: number | null; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, API_PORT: String(await freePort()), SURVEY_PORT: String(await freePort()), DASHBOARD_PORT: String(await freePort()) };
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: apiDir, env });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the platform on a PostgreSQL it cannot use', { timeout: 60_000 }, () => {
  it('says in one line that no server answers, and exits 1', async () => {
    const r = await start(`postgres://postgres@127.0.0.1:${await freePort()}/veilig`);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cannot start: no PostgreSQL server answers at the address in DATABASE_URL \(.*ECONNREFUSED.*\): start the server, or correct DATABASE_URL/);
  });

  it.skipIf(!process.env.DATABASE_URL)('says in one line that the database does not exist and how to create it', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    const name = `vw_missing_${process.pid}`;
    url.pathname = `/${name}`;
    const r = await start(url.toString());
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`cannot start: database "${name}" does not exist: create it first (createdb ${name})`);
  });
});
