/**
 * A test database with a demo organisation loaded (`pnpm cli demo` sizes), for the release and
 * count-table tests, and the command line run against it with its output caught.
 */
import { runCommand } from '../../src/cli/commands.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export async function demoDatabase(size: 'small' | 'defence'): Promise<TestDatabase> {
  const t = await createTestDatabase();
  await loadDemo(t.db, { size });
  return t;
}

/** `pnpm cli …` on `t()`: what it printed, one string. */
export function cliOn(t: () => TestDatabase): (...argv: string[]) => Promise<string> {
  return async (...argv) => {
    const out: string[] = [];
    await runCommand(t(), argv, (l) => out.push(l));
    return out.join('\n');
  };
}
