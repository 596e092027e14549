/**
 * Builds of the SvelteKit apps for tests that run them, made once: an app is built only when it
 * has no build or its sources are newer, and never by two test files at once (a lock folder), so a
 * file serving one build is not pulled from under by another rebuilding it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/env.js';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

async function withLock<T>(dir: string, run: () => T): Promise<T> {
  const lock = join(dir, '.build-lock');
  for (let i = 0; ; i += 1) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than ten minutes is left over from a crash.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      if (i > 3000) throw new Error(`${lock}: waited too long for another build`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Ensures `<app>/build` is current; with `copyTo`, also copies it (inside the app folder, so its dependencies resolve). */
export async function ensureAppBuild(app: 'survey' | 'dashboard', copyTo?: string): Promise<string> {
  const dir = join(repoRoot, app);
  return withLock(dir, () => {
    const entry = join(dir, 'build/index.js');
    const sources = ['src', 'svelte.config.js', 'vite.config.ts', 'package.json'].map((p) => join(dir, p));
    if (!existsSync(entry) || statSync(entry).mtimeMs <= Math.max(...sources.map(newestMtime))) {
      const r = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${app} build failed:\n${r.stdout}\n${r.stderr}`);
    }
    if (!copyTo) return join(dir, 'build');
    const target = join(dir, copyTo);
    rmSync(target, { recursive: true, force: true });
    cpSync(join(dir, 'build'), target, { recursive: true });
    return target;
  });
}
