// Entry of the value check's worker threads (decision 092): Node 20 does not carry the main
// thread's `--import tsx` into a worker, so the worker registers tsx itself, then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./value-worker.ts');
