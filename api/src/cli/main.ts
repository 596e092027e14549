/**
 * `pnpm cli <command>`: the command line of interchange.md. Uses the same database as the server.
 * Exit code 0 on success; 1 with a readable message on any error.
 */
import { openDatabase, targetFromEnv, type Database } from '../db/client.js';
import { env } from '../env.js';
import { ImportError } from '../errors.js';
import { describeError } from '../log.js';
import { runCommand, USAGE } from './commands.js';

async function main(): Promise<number> {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    process.stdout.write(USAGE);
    return argv.length === 0 ? 1 : 0;
  }
  let database: Database | undefined;
  try {
    database = await openDatabase(targetFromEnv(env()));
    await runCommand(database, argv, (line) => process.stdout.write(`${line}\n`));
    return 0;
  } catch (e) {
    if (e instanceof ImportError) process.stderr.write(`${e.report()}\n`);
    else if (e instanceof Error) {
      // A database error: the server's own message, never the query's parameters (tokens, answers).
      const d = describeError(e);
      const cause = d.cause as { message?: string } | undefined;
      process.stderr.write(`error: ${cause?.message ?? d.message}\n`);
    }
    else process.stderr.write('error: unknown failure\n');
    return 1;
  } finally {
    await database?.close();
  }
}

process.exitCode = await main();
