/**
 * A release build's process runs with a heap cap (VW_BUILD_HEAP_MB, session 12): uncapped, V8
 * sizes the heap from the machine's memory and the defence demo's DEF-2022 build peaked at 1,880 MB
 * RSS, against 1,040 MB with a 1,200 MB cap for the same release (bench/RESULTS.md).
 */
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { env, parseEnv } from '../src/env.js';
import { buildProcessArgs } from '../src/services/release-builder.js';

/** The V8 heap limit, in MB, of a Node process started with the build's leading options. */
const heapLimitOf = (args: string[]) => Number(execFileSync(process.execPath, [
  ...args, '-e', 'process.stdout.write(String(require("node:v8").getHeapStatistics().heap_size_limit / 1048576))',
], { encoding: 'utf8' }));

describe('the heap cap of a release build process', () => {
  it('reads VW_BUILD_HEAP_MB (default 1200) and refuses what is not a sensible number of megabytes', () => {
    expect(parseEnv({}).VW_BUILD_HEAP_MB).toBe(1200);
    expect(parseEnv({ VW_BUILD_HEAP_MB: '3000' }).VW_BUILD_HEAP_MB).toBe(3000);
    for (const bad of ['lots', '1.5', '100', '100000']) expect(() => parseEnv({ VW_BUILD_HEAP_MB: bad }), bad).toThrow(/VW_BUILD_HEAP_MB: must be/);
  });

  it('is the first option of the build process, and Node takes it as its heap limit', () => {
    const args = buildProcessArgs({ period: 'DEF-2023', organisation: 'DEF' }, 700);
    expect(args[0]).toBe('--max-old-space-size=700');
    expect(args.slice(-8)).toEqual(['release', 'build', '--period', 'DEF-2023', '--org', 'DEF', '--outcome', 'json']);
    // The old generation is capped at the value; the limit V8 reports adds the young generation.
    for (const mb of [700, env().VW_BUILD_HEAP_MB]) {
      const limit = heapLimitOf(buildProcessArgs({ period: 'P' }, mb).slice(0, 1));
      expect(limit).toBeGreaterThanOrEqual(mb);
      expect(limit).toBeLessThan(mb + 100);
    }
  });

  it('also caps `pnpm cli release build` from a terminal: it runs in a child under VW_BUILD_HEAP_MB, unless the caller chose a heap', async () => {
    // (A database that refuses the connection: the build stops right after saying its cap.)
    const run = (extra: Record<string, string>) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', ...extra };
      delete e.DATA_DIR;
      if (!('NODE_OPTIONS' in extra)) delete e.NODE_OPTIONS;
      const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'release', 'build', '--period', 'P'], { cwd: new URL('..', import.meta.url).pathname, env: e });
      let stderr = '';
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('close', (code) => resolve({ code, stderr }));
    });
    const capped = await run({ VW_BUILD_HEAP_MB: '300' });
    expect(capped.stderr).toMatch(/^release build: heap cap 300 MB \(VW_BUILD_HEAP_MB\)$/m);
    expect(capped.code).toBe(1);
    const chosen = await run({ VW_BUILD_HEAP_MB: '300', NODE_OPTIONS: '--max-old-space-size=500' });
    expect(chosen.stderr).toMatch(/^release build: heap cap 500 MB$/m);
    const bad = await run({ VW_BUILD_HEAP_MB: '3' });
    expect(bad.stderr).toMatch(/VW_BUILD_HEAP_MB: must be at least 256/);
    expect(bad.stderr).not.toMatch(/heap cap/);
    expect(bad.code).toBe(1);
  }, 60_000);
});
