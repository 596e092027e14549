/**
 * Sign-in timing for a known address with a wrong password against an unknown address (not a
 * test: timing is noisy). Both orders are measured, since the first of a pair pays for a warm
 * cache the second enjoys. Each attempt comes from its own address, so the slow-down never
 * answers early.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm exec tsx bench/sign-in-timing.ts [--n 200]
 */
import { parseArgs } from 'node:util';
import { createTestDatabase } from '../api/test/helpers/db.js';
import { createFixture, EMAIL } from '../api/test/auth/fixture.js';

const { values } = parseArgs({ options: { n: { type: 'string' } } });
const N = Number(values.n ?? 200);
const database = await createTestDatabase();
const { app } = await createFixture(database.db);
let next = 0;
const attempt = async (email: string): Promise<number> => {
  next += 1;
  const address = `10.${(next >> 16) & 255}.${(next >> 8) & 255}.${next & 255}`;
  const t0 = performance.now();
  await app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ email, password: 'wrong password' }) });
  return performance.now() - t0;
};
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
for (let i = 0; i < 20; i++) { await attempt(EMAIL.researcher); await attempt(`warm${i}@unknown.example`); }
const rows: string[] = [];
for (const knownFirst of [true, false]) {
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < N; i++) {
    if (knownFirst) { known.push(await attempt(EMAIL.researcher)); unknown.push(await attempt(`u${knownFirst}${i}@unknown.example`)); }
    else { unknown.push(await attempt(`u${knownFirst}${i}@unknown.example`)); known.push(await attempt(EMAIL.researcher)); }
  }
  rows.push(`| ${knownFirst ? 'known first' : 'unknown first'} | ${median(known).toFixed(1)} | ${median(unknown).toFixed(1)} | ${(median(known) - median(unknown)).toFixed(1)} |`);
}
console.log(`| order (n=${N} pairs) | known address, wrong password: median ms | unknown address: median ms | difference ms |\n|---|---:|---:|---:|\n${rows.join('\n')}`);
await database.destroy();
process.exit(0);
