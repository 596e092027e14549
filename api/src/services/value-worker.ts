/**
 * Worker thread of the value check's pool (decision 092): receives the release-wide part once
 * (`workerData`, without grids), then runs its queued indicator jobs one at a time and answers
 * each with its outcome. A job that needs a grid the worker does not hold comes with it; a grid no
 * queued job needs is let go. `{ skip: index }` takes a job back that has not started (the build's
 * thread, out of jobs of its own, runs it): answered `{ skipped: index }`, or not at all when the
 * job has started (its outcome follows).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DisclosureGrid } from '@vw/analysis';
import { checkIndicator, type IndicatorJob, type ReleaseChecks } from './value-indicator.js';

const checks = workerData as ReleaseChecks;
const queue: IndicatorJob[] = [];
let running = false;
let latest: string | undefined;

async function pump(): Promise<void> {
  if (running) return;
  const job = queue.shift();
  if (!job) return;
  running = true;
  try {
    parentPort!.postMessage({ ok: true, outcome: await checkIndicator(checks, job) });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  running = false;
  // Grids no queued job needs are let go, except the latest one received (the pool sends the next
  // job of that grid without it). The jobs come ordered by grid: one at a time, two at a change.
  const needed = new Set([...queue.map((j) => j.grid), latest]);
  for (const name of Object.keys(checks.grids) as (keyof ReleaseChecks['grids'])[]) if (!needed.has(name)) delete checks.grids[name];
  // The next job after the messages that arrived meanwhile (a skip among them).
  setImmediate(() => void pump());
}

parentPort!.on('message', (m: { job: IndicatorJob; grid?: DisclosureGrid } | { skip: number }) => {
  if ('skip' in m) {
    const i = queue.findIndex((j) => j.index === m.skip);
    if (i >= 0) { queue.splice(i, 1); parentPort!.postMessage({ skipped: m.skip }); }
    return;
  }
  if (m.grid) checks.grids[m.job.grid] = m.grid;
  latest = m.job.grid;
  queue.push(m.job);
  void pump();
});
