/**
 * Who runs a release build (decision 086): the API's own process (`inProcessBuilder`) or a child
 * `release build` process (`childProcessBuilder`), which reaches the database through
 * DATABASE_URL or the platform's socket (decision 050). A value-checked build keeps its thread
 * busy for seconds at a time; in the API's event loop every other request (survey submissions)
 * would wait that long.
 *
 * The child reports its outcome as one JSON line on stdout (`release build --outcome json`):
 * the summary the API answers with, or the error's class and what the in-process build would
 * show outside the server. A refusal's operator message (cells with their counts and intervals)
 * never crosses: only its public message and the cells' names, as the API's response and log
 * carry them. The API turns the line back into the same error class, so the HTTP answer is the
 * one the in-process build gives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Db } from '../db/client.js';
import { env, repoRoot } from '../env.js';
import { cannotConnectNow, ConflictError, NotFoundError, ReleaseRefusedError, UnavailableError, UsageError, ValidationError, type FieldIssue } from '../errors.js';
import { buildRelease } from './releases.js';

/** What a build answers with (the 201 body of `POST /releases`). */
export interface BuiltRelease { id: string; period: string; rows: number; suppressed: number }

export interface ReleaseBuilder {
  /** `in-process` or `child`: which one runs (for the decision's tests and the start line). */
  readonly kind: 'in-process' | 'child';
  build(db: Db, period: string, opts?: { org?: string | undefined }): Promise<BuiltRelease>;
  /** Stops builds still running (shutdown); they store nothing. */
  stop(): void;
}

/** The build in the caller's own process: where no child can reach the database (in-memory PGlite). */
export const inProcessBuilder: ReleaseBuilder = {
  kind: 'in-process',
  async build(db, period, opts = {}) {
    const s = await buildRelease(db, period, { org: opts.org });
    return { id: s.id, period: s.period, rows: s.rows, suppressed: s.suppressed };
  },
  stop() {},
};

/** The outcome line of `release build --outcome json`. */
export type BuildOutcome =
  | { ok: true; release: BuiltRelease }
  | { ok: false; error: { kind: 'refused'; message: string; cells: string[] } }
  | { ok: false; error: { kind: 'conflict' | 'not_found' | 'usage' | 'unavailable'; message: string } }
  | { ok: false; error: { kind: 'invalid'; message: string; issues: FieldIssue[] } }
  | { ok: false; error: { kind: 'internal'; message: string } };

/**
 * The outcome of a failed build as the child reports it. A refusal carries its public message
 * and the cells' names only (what the API's response and log carry), never the operator message
 * with counts and intervals.
 */
export function outcomeOfError(err: unknown): BuildOutcome {
  if (err instanceof ReleaseRefusedError) return { ok: false, error: { kind: 'refused', message: err.publicMessage, cells: [...err.cells] } };
  if (err instanceof ValidationError) return { ok: false, error: { kind: 'invalid', message: err.message, issues: err.issues } };
  if (err instanceof ConflictError) return { ok: false, error: { kind: 'conflict', message: err.message } };
  if (err instanceof NotFoundError) return { ok: false, error: { kind: 'not_found', message: err.message } };
  if (err instanceof UsageError) return { ok: false, error: { kind: 'usage', message: err.message } };
  const busy = err instanceof UnavailableError ? err : cannotConnectNow(err);
  if (busy) return { ok: false, error: { kind: 'unavailable', message: busy.message } };
  const message = err instanceof Error ? (err.cause instanceof Error && /^Failed query/.test(err.message) ? err.cause.message : err.message) : String(err);
  return { ok: false, error: { kind: 'internal', message: message.split('\n')[0]!.slice(0, 300) } };
}

/** The error the in-process build would have thrown, as far as anything outside the server sees it. */
export function errorOfOutcome(o: Extract<BuildOutcome, { ok: false }>): Error {
  const e = o.error;
  switch (e.kind) {
    case 'refused': return new ReleaseRefusedError(e.message, e.message, e.cells);
    case 'invalid': return new ValidationError(e.issues, e.message);
    case 'conflict': return new ConflictError(e.message);
    case 'not_found': return new NotFoundError(e.message);
    case 'usage': return new UsageError(e.message);
    case 'unavailable': return new UnavailableError(e.message);
    default: return new Error(`release build process failed: ${e.message}`);
  }
}

/** The outcome line among a child's stdout, or null when it wrote none (it crashed or was killed). */
export function parseOutcome(stdout: string): BuildOutcome | null {
  for (const line of stdout.split('\n').reverse()) {
    if (!line.startsWith('{')) continue;
    try {
      const o = JSON.parse(line) as BuildOutcome;
      if (typeof o === 'object' && o !== null && typeof o.ok === 'boolean') return o;
    } catch { /* not the outcome line */ }
  }
  return null;
}

/** Exits the child when its parent is gone (even one killed with SIGKILL): an orphan build would go on storing. */
export const ORPHAN_WATCH = 'const p = process.ppid; setInterval(() => { if (process.ppid !== p) process.exit(0); }, 500).unref();';

export interface BuildJobLike { period: string; organisation?: string | undefined }

/**
 * Node's arguments for one build process: a heap cap first (uncapped, V8 sizes the heap from the
 * machine's memory and lets a build's garbage grow to about twice what it uses: VW_BUILD_HEAP_MB),
 * then the CLI's `release build --outcome json`.
 */
export function buildProcessArgs(job: BuildJobLike, heapMb: number | null): string[] {
  return [
    ...(heapMb === null ? [] : [`--max-old-space-size=${heapMb}`]),
    `--import=data:text/javascript,${encodeURIComponent(ORPHAN_WATCH)}`, '--import', 'tsx',
    `${repoRoot}api/src/cli/main.ts`, 'release', 'build', '--period', job.period,
    ...(job.organisation ? ['--org', job.organisation] : []), '--outcome', 'json',
  ];
}

/**
 * One `release build --outcome json` in its own process, with the environment given (the
 * database it reaches: DATABASE_URL, or DATA_DIR of a running platform). Resolves with the
 * summary; rejects with the error class the in-process build would throw. `onSpawn` gets the
 * child (to stop it at shutdown; it is called again for a retry).
 *
 * The child runs with the heap cap `heapMb` (VW_BUILD_HEAP_MB, decision 091; null: none). A build that runs out
 * of heap under the cap is run once more without it: the cap saves memory, it must not make a
 * build fail that Node's own limit lets through (nothing is stored by the first attempt).
 */
export function buildInChild(job: BuildJobLike, opts: { env?: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void } = {}, heapMb: number | null = env().VW_BUILD_HEAP_MB): Promise<BuiltRelease> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, buildProcessArgs(job, heapMb), { cwd: `${repoRoot}api`, stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
    opts.onSpawn?.(child);
    let stdout = '';
    let lastError = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    // Only the CLI's own `error: …` line is kept, for a child that reported no outcome (it could
    // not open the database, or crashed); the build writes no progress lines in this mode.
    let stderr = '';
    let outOfHeap = false;
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4096);
      const m = /(?:^|\n)error: ([^\n]*)\n?$/.exec(stderr);
      if (m) lastError = m[1]!;
      // V8's "JavaScript heap out of memory" (or a loader worker's "JS heap out of memory").
      if (/heap out of memory/i.test(stderr)) outOfHeap = true;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const outcome = parseOutcome(stdout);
      if (outcome?.ok) resolve(outcome.release);
      else if (outcome) reject(errorOfOutcome(outcome));
      else if (outOfHeap && heapMb !== null) buildInChild(job, opts, null).then(resolve, reject);
      // Exit 75 (the CLI's EX_TEMPFAIL): the database took no connection for a while (57P03).
      else if (code === 75 && lastError) reject(new UnavailableError(lastError));
      else reject(new Error(`release build process exited with ${code ?? signal} without an outcome${lastError ? `: ${lastError}` : ''}`));
    });
  });
}

/**
 * Builds in child processes with `env` (default: this process's). Where the API runs on
 * PostgreSQL (DATABASE_URL) or is the platform that serves the embedded database (main.ts).
 */
export function childProcessBuilder(env: NodeJS.ProcessEnv = process.env): ReleaseBuilder {
  const running = new Set<ChildProcess>();
  return {
    kind: 'child',
    build: (_db, period, opts = {}) => buildInChild({ period, organisation: opts.org }, {
      env,
      onSpawn: (child) => { running.add(child); child.once('close', () => running.delete(child)); },
    }),
    stop() { for (const c of running) c.kill('SIGTERM'); },
  };
}
