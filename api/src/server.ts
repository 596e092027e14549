/**
 * The API alone, for production: one process of several behind the proxy (docs/production.md).
 * Migrates (serialised across processes by an advisory lock), serves on HOST:API_PORT and logs
 * one JSON line `listening` with its port. Everything processes must share — sessions, failure
 * limits, submissions — lives in PostgreSQL, so any number of these can run side by side.
 *
 *   DATABASE_URL=postgres://… API_PORT=3100 node --import tsx api/src/server.ts
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { openDatabase, targetFromEnv } from './db/client.js';
import { envOrExit } from './env.js';
import { logger } from './log.js';
import { childProcessBuilder, inProcessBuilder } from './services/release-builder.js';

const e = envOrExit('cannot start');
if (!e.DATABASE_URL) logger.warn('DATABASE_URL is not set: embedded PGlite serves one process only; production runs on PostgreSQL');
const database = await openDatabase(targetFromEnv(e));
await database.migrate();
// An admin's release build runs in a child process on the same DATABASE_URL (decision 086); on
// embedded PGlite nothing else can open the database, so it stays in this process.
const builder = e.DATABASE_URL ? childProcessBuilder() : inProcessBuilder;
const app = createApp({ db: database.db, builder });
const server = serve({ fetch: app.fetch, port: e.API_PORT, hostname: e.HOST });
server.once('listening', () => logger.info('listening', { service: 'api', port: (server.address() as AddressInfo).port, pid: process.pid, database: database.kind }));

function shutdown() {
  builder.stop();
  server.close();
  void database.close().finally(() => process.exit(0));
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
