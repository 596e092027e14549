/**
 * Runs indicator jobs of the value check on worker threads (decision 092). The indicators after
 * `sv_experienced/any` are independent of each other: each gets the same input it would get in
 * the build's thread, so the release is the same whatever the pool's size.
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { checkIndicator, type IndicatorJob, type IndicatorOutcome, type ReleaseChecks } from './value-indicator.js';

/** Below this many cells in the `all` grid, `auto` keeps the check in the build's thread. */
export const THREADED_CELLS = 10_000;

/**
 * Threads of a build's value check: `setting` is VW_VALUE_THREADS (`auto` or a count of threads,
 * the build's own included; 1: every indicator in the build's thread). `auto`: one per core, at
 * most 4, for weighted releases (windows) whose `all` grid has at least THREADED_CELLS cells (the
 * defence demo's windows: 27,000+, seconds to a minute per indicator); otherwise one: waves and
 * small windows check an indicator in about a second or less, less than a worker's start and
 * warm-up (bench/RESULTS.md, sessions 7 and 13).
 */
export function valueThreads(setting: number | 'auto', weighted: boolean, cells: number, cores = availableParallelism()): number {
  if (setting !== 'auto') return Math.max(1, setting);
  return weighted && cells >= THREADED_CELLS ? Math.max(1, Math.min(cores, 4)) : 1;
}

type Reply = { ok: true; outcome: IndicatorOutcome } | { ok: false; error: string } | { skipped: number };

/** Jobs a worker has queued (its running one included). */
const DEPTH = 3;

/**
 * Runs the jobs `jobAt(0)` … `jobAt(count − 1)` (made when they are handed out, so only the
 * running ones are held) on `threads` threads: this one and `threads − 1` workers, and hands each
 * outcome to `onOutcome` in the jobs' order. Each worker has up to DEPTH jobs (the next ones wait in
 * its queue while this thread is busy with an indicator of its own and cannot hand out more); when
 * no job is left to hand out, this thread takes back a worker's last job that has not started. A
 * worker holds one grid at a time (each is tens of MB cloned): give the jobs ordered by grid. When
 * an outcome says `stop` (an indicator no withdrawal frees), no further job starts; the outcomes of
 * jobs before it still arrive, those after it are dropped. A worker that runs out of heap (each has the process's heap cap,
 * VW_BUILD_HEAP_MB) is dropped and this thread runs its jobs: a thread's cap must not fail a build
 * the build's own thread can finish. (`limits`: tests only.)
 */
export async function runIndicatorJobs(checks: ReleaseChecks, count: number, jobAt: (position: number) => IndicatorJob, threads: number, onOutcome: (o: IndicatorOutcome) => 'stop' | void, limits?: ResourceLimits): Promise<void> {
  const workers: Worker[] = [];
  const done = new Map<number, IndicatorOutcome>();
  const queued = new Map<Worker, number[]>(); // positions handed to each worker, oldest first
  const holds = new Map<Worker, string>(); // the grid each worker holds
  const keyOf = new Map<number, string>();
  const positionOf = new Map<number, number>(); // job index → position
  const indexOf = new Map<number, number>(); // position → job index
  const asked = new Set<Worker>(); // workers asked to give a job back
  const pending: number[] = []; // positions of dropped workers, for this thread
  const { grids: _grids, ...shared } = checks;
  let next = 0; // next position to hand out
  let reported = 0; // next position to report
  let stopAt = Infinity; // position of the job that said stop
  let failed: Error | undefined;
  const give = (): number | undefined => (next < count && next < stopAt ? next++ : undefined);
  const report = () => {
    while (reported < count && reported <= stopAt && done.has(reported)) {
      const o = done.get(reported)!;
      done.delete(reported);
      if (onOutcome(o) === 'stop') stopAt = reported;
      reported++;
    }
  };
  const over = () => failed !== undefined || reported >= count || reported > stopAt;
  let wake: (() => void) | undefined;
  const finished = (position: number, o: IndicatorOutcome) => { done.set(position, o); report(); wake?.(); };
  const fail = (e: Error) => { failed ??= e; wake?.(); };
  const feed = (w: Worker) => {
    const q = queued.get(w)!;
    while (q.length < DEPTH) {
      const position = give();
      if (position === undefined) return;
      const job = jobAt(position);
      q.push(position);
      keyOf.set(position, job.key);
      positionOf.set(job.index, position);
      indexOf.set(position, job.index);
      // The grid goes with the first job that needs it; the worker lets go of what no queued job needs.
      const grid = holds.get(w) === job.grid ? undefined : checks.grids[job.grid];
      holds.set(w, job.grid);
      w.postMessage(grid ? { job, grid } : { job });
    }
  };
  /** Out of jobs: ask the worker with the longest queue for its last one that has not started. */
  const steal = () => {
    let best: Worker | undefined;
    for (const w of workers) if (!asked.has(w) && queued.get(w)!.length >= 2 && (!best || queued.get(w)!.length > queued.get(best)!.length)) best = w;
    if (!best) return;
    asked.add(best);
    best.postMessage({ skip: indexOf.get(queued.get(best)!.at(-1)!)! });
  };
  try {
    for (let i = 0; i < Math.min(threads, count) - 1; i++) {
      const w = new Worker(new URL('./value-worker-entry.mjs', import.meta.url), { workerData: { ...shared, grids: {} }, ...(limits ? { resourceLimits: limits } : {}) });
      workers.push(w);
      queued.set(w, []);
      w.on('message', (m: Reply) => {
        if ('skipped' in m) {
          // A job taken back (see `steal`): this thread runs it.
          const q = queued.get(w)!;
          const at = q.indexOf(positionOf.get(m.skipped)!);
          if (at >= 0) pending.push(...q.splice(at, 1));
          asked.delete(w);
          wake?.();
          return;
        }
        const position = queued.get(w)!.shift()!;
        asked.delete(w); // (a job it was asked for had started: it may be asked again)
        if (!m.ok) { fail(new Error(`value check of ${keyOf.get(position)} failed in a worker thread: ${m.error}`)); return; }
        finished(position, m.outcome);
        feed(w);
      });
      w.on('error', (e: Error & { code?: string }) => {
        if (e.code !== 'ERR_WORKER_OUT_OF_MEMORY') { fail(e); return; }
        // Its jobs go to this thread.
        pending.push(...queued.get(w)!);
        queued.set(w, []);
        workers.splice(workers.indexOf(w), 1);
        wake?.();
      });
      w.on('exit', (code) => { if (code !== 0 && workers.includes(w)) fail(new Error(`a value-check worker thread exited with ${code}`)); });
      feed(w);
    }
    // This thread: its own jobs while there are any, then it waits for the workers' outcomes.
    while (!over()) {
      // Between indicators the process answers what is waiting (worker outcomes; requests when a
      // build runs in the API's process).
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (over()) break;
      pending.sort((a, b) => a - b);
      const position = pending.shift() ?? give();
      if (position !== undefined) { finished(position, await checkIndicator(checks, jobAt(position))); continue; }
      steal();
      await new Promise<void>((resolve) => { wake = resolve; });
      wake = undefined;
    }
    if (failed) throw failed;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
