/**
 * Worker thread of the value check's pool (decision 092): receives the release-wide part once
 * (`workerData`, without grids), then runs one indicator job at a time and answers with its
 * outcome; a job that needs a grid the worker does not hold comes with it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DisclosureGrid } from '@vw/analysis';
import { checkIndicator, type IndicatorJob, type ReleaseChecks } from './value-indicator.js';

const checks = workerData as ReleaseChecks;
let chain = Promise.resolve();
parentPort!.on('message', ({ job, grid }: { job: IndicatorJob; grid?: DisclosureGrid }) => {
  chain = chain.then(async () => {
    // A job that needs another grid brings it; the one held before is let go (memory: decision 092).
    if (grid) checks.grids = { [job.grid]: grid };
    try {
      parentPort!.postMessage({ ok: true, outcome: await checkIndicator(checks, job) });
    } catch (e) {
      parentPort!.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
});
