/**
 * Runs indicator jobs of the value check on worker threads (decision 092). The indicators after
 * `sv_experienced/any` are independent of each other: each gets the same input it would get in
 * the build's thread, so the release is the same whatever the pool's size.
 */
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { checkIndicator, type IndicatorJob, type IndicatorOutcome, type ReleaseChecks } from './value-indicator.js';

/**
 * Worker threads for a build: `setting` is VW_VALUE_WORKERS (`auto` or a count; 0 runs every
 * indicator in the build's thread). `auto`: one per core, at most 4, for weighted releases
 * (windows: seconds to minutes per indicator); none for waves, whose indicators take about a
 * second, less than a worker's start and warm-up (bench/RESULTS.md, session 7).
 */
export function valueWorkers(setting: number | 'auto', weighted: boolean, cores = availableParallelism()): number {
  if (setting !== 'auto') return setting;
  return weighted && cores >= 2 ? Math.min(cores, 4) : 0;
}

/**
 * Runs the jobs `jobAt(0)` … `jobAt(count − 1)` (made when they start, so only the running ones are
 * held) with `size` workers (0: one after another in this thread) and hands each outcome to
 * `onOutcome` in the jobs' order. A worker holds one grid at a time (each is tens of MB cloned):
 * give the jobs ordered by grid. When an outcome says `stop` (an indicator no withdrawal frees),
 * no further job starts; the outcomes of jobs before it still arrive, those after it are dropped.
 * A worker that runs out of heap (each has the process's heap cap, VW_BUILD_HEAP_MB) is dropped and
 * its job and the ones it would have taken run in this thread: a thread's cap must not fail a
 * build the build's own thread can finish. (`limits`: tests only.)
 */
export async function runIndicatorJobs(checks: ReleaseChecks, count: number, jobAt: (position: number) => IndicatorJob, size: number, onOutcome: (o: IndicatorOutcome) => 'stop' | void, limits?: ResourceLimits): Promise<void> {
  if (size <= 0 || count <= 1) {
    for (let i = 0; i < count; i++) {
      const job = jobAt(i);
      // Between indicators the process answers what is waiting (a build run in the API's process).
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (onOutcome(await checkIndicator(checks, job)) === 'stop') return;
    }
    return;
  }
  const workers: Worker[] = [];
  const done = new Map<number, IndicatorOutcome>();
  const current = new Map<Worker, number>(); // the position each worker is running
  const dead = new Set<Worker>(); // workers that ran out of heap
  const holds = new Map<Worker, string>(); // the grid each worker holds
  const { grids: _grids, ...shared } = checks;
  const keyOf = new Map<number, string>();
  let next = 0; // next job to hand out
  let reported = 0; // next job position to report
  let stopAt = Infinity; // position of the job that said stop
  try {
    await new Promise<void>((resolve, reject) => {
      const report = () => {
        while (reported < count && reported <= stopAt && done.has(reported)) {
          const o = done.get(reported)!;
          done.delete(reported);
          if (onOutcome(o) === 'stop') stopAt = reported;
          reported++;
        }
        if (reported >= count || reported > stopAt) resolve();
      };
      const give = (): number | undefined => (next < count && next < stopAt ? next++ : undefined);
      const finished = (position: number, o: IndicatorOutcome) => { done.set(position, o); report(); };
      const feed = (w: Worker) => {
        const position = give();
        if (position === undefined) { current.delete(w); return; }
        const job = jobAt(position);
        current.set(w, position);
        keyOf.set(position, job.key);
        // The grid goes with the first job that needs it; the worker then lets the one before go.
        const grid = holds.get(w) === job.grid ? undefined : checks.grids[job.grid];
        holds.set(w, job.grid);
        w.postMessage(grid ? { job, grid } : { job });
      };
      // This thread takes over from a worker that ran out of heap, until no job is left.
      let inThread = false;
      const takeOver = async (position: number | undefined) => {
        if (inThread) { if (position !== undefined) pending.push(position); return; }
        inThread = true;
        try {
          for (let p = position ?? pending.shift() ?? give(); p !== undefined; p = pending.shift() ?? give()) {
            finished(p, await checkIndicator(checks, jobAt(p)));
          }
        } catch (e) { reject(e as Error); }
        inThread = false;
      };
      const pending: number[] = [];
      for (let i = 0; i < Math.min(size, count); i++) {
        const w = new Worker(new URL('./value-worker-entry.mjs', import.meta.url), { workerData: { ...shared, grids: {} }, ...(limits ? { resourceLimits: limits } : {}) });
        workers.push(w);
        w.on('message', (m: { ok: true; outcome: IndicatorOutcome } | { ok: false; error: string }) => {
          const position = current.get(w)!;
          if (!m.ok) { reject(new Error(`value check of ${keyOf.get(position)} failed in a worker thread: ${m.error}`)); return; }
          finished(position, m.outcome);
          feed(w);
        });
        w.on('error', (e: Error & { code?: string }) => {
          if (e.code !== 'ERR_WORKER_OUT_OF_MEMORY') { reject(e); return; }
          const position = current.get(w);
          current.delete(w);
          dead.add(w);
          void takeOver(position);
        });
        w.on('exit', (code) => { if (code !== 0 && !dead.has(w)) reject(new Error(`a value-check worker thread exited with ${code}`)); });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
