/**
 * The set-up the fuzz and hardening tests share: a test database with the sign-in fixture, the
 * test organisation and its open wave, an admin signed in, and the server's error log lines
 * caught (each test then expects none).
 */
import { configureLog } from '../../src/log.js';
import { EMAIL, createFixture, signIn, type Fixture, type Session } from '../auth/fixture.js';
import { createOpenWave, createOrganisation } from '../survey/factories.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface OpenWaveApp {
  database: TestDatabase;
  f: Fixture;
  admin: Session;
  /** The error lines the server logged since the start. */
  errorLines: string[];
  /** Restores the log to stderr and drops the database. */
  close(): Promise<void>;
}

export async function openWaveApp(): Promise<OpenWaveApp> {
  const database = await createTestDatabase();
  const f = await createFixture(database.db);
  await createOrganisation(database.db);
  await createOpenWave(database.db);
  const admin = await signIn(f.app, EMAIL.admin);
  const errorLines: string[] = [];
  configureLog({ sink: (line) => { if (JSON.parse(line).level === 'error') errorLines.push(line); } });
  return {
    database, f, admin, errorLines,
    async close() {
      configureLog({ sink: (line) => process.stderr.write(`${line}\n`) });
      await database.destroy();
    },
  };
}
