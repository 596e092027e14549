/**
 * The API server for bench/survey-submit.ts, in its own process so that the load generator does
 * not share the server's event loop (as real respondents' browsers do not). Prints `port N`.
 *   node --import tsx bench/survey-server.ts postgres://…/db
 */
import type { AddressInfo } from 'node:net';
import { serve } from '../api/test/survey/bench-support.js';
import { createApp } from '../api/src/app.js';
import { openDatabase } from '../api/src/db/client.js';

const database = await openDatabase({ url: process.argv[2]! });
const unlimited = { capacity: 1e9, refillPerSecond: 1e9 };
const app = createApp({ db: database.db, survey: { rateLimits: { perAddress: unlimited, global: unlimited } } });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
server.once('listening', () => console.log(`port ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => { server.close(); void database.close().finally(() => process.exit(0)); });
