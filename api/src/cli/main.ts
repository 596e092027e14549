/**
 * `pnpm cli <command>`: the command line of interchange.md. Uses the same database as the server.
 * Exit code 0 on success; 1 with a readable message on any error; 75 (EX_TEMPFAIL: try again
 * later) when the database takes no connection for a while (SQLSTATE 57P03: the embedded
 * database held by another client, a PostgreSQL server starting or stopping).
 */
import { spawn } from 'node:child_process';
import { openDatabase, targetFromEnv, type Database } from '../db/client.js';
import { env, EnvironmentError } from '../env.js';
import { cannotConnectNow, ImportError } from '../errors.js';
import { AuditFailedError } from '../services/releases.js';
import { runCommand, USAGE } from './commands.js';
import { OutcomeReported } from './release-commands.js';

const LOST = /ECONNRESET|ECONNREFUSED|EPIPE|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED/;

/** One line: a failed query names its cause, not its SQL and parameters. */
function readable(e: Error): string {
  const cause = e.cause instanceof Error ? e.cause : null;
  const code = (x: unknown) => String((x as { code?: unknown } | null)?.code ?? '');
  if (LOST.test(`${code(e)} ${code(cause)} ${e.message} ${cause?.message ?? ''}`)) {
    return 'the connection to the database was lost (did the platform stop?): this command stored nothing it did not report; run it again';
  }
  const message = (/^Failed query/.test(e.message) && cause ? cause.message : e.message).split('\n')[0]!;
  return message.length > 300 ? `${message.slice(0, 300)} …` : message;
}

/** sysexits.h EX_TEMPFAIL: a temporary failure, the command may be run again later. */
const EXIT_TEMPFAIL = 75;

/** Marks the process that `release build` started under the heap cap (it must not start another). */
const CAPPED = 'VW_BUILD_CAPPED';

/** The `--max-old-space-size` this process runs with (its options or NODE_OPTIONS), if any. */
function heapCapOf(): number | undefined {
  const m = /--max-old-space-size=(\d+)/.exec(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
  return m ? Number(m[1]) : undefined;
}

/**
 * `release build` from a terminal runs in a child process under the build heap cap, as the
 * platform's and admins' builds do (VW_BUILD_HEAP_MB, decision 091: uncapped, V8 sizes each
 * thread's heap from the machine's memory; a window's build uses two or more threads, decision
 * 092). Its output is this command's. A child that runs out of heap under the cap (V8 aborts) runs
 * once more without it. Resolves with the exit code.
 */
function buildUnderCap(heapMb: number | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = [...(heapMb === null ? [] : [`--max-old-space-size=${heapMb}`]), ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)];
    const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, [CAPPED]: heapMb === null ? 'none' : String(heapMb) } });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (heapMb !== null && (signal === 'SIGABRT' || code === 134)) {
        process.stderr.write(`release build: out of heap under the cap of ${heapMb} MB (VW_BUILD_HEAP_MB); running it again without the cap\n`);
        buildUnderCap(null).then(resolve, reject);
      } else resolve(code ?? 1);
    });
  });
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    process.stdout.write(USAGE);
    return argv.length === 0 ? 1 : 0;
  }
  const terminalBuild = argv[0] === 'release' && argv[1] === 'build' && !argv.includes('--outcome');
  if (terminalBuild && process.env[CAPPED] === undefined && heapCapOf() === undefined) {
    let heapMb: number;
    try {
      heapMb = env().VW_BUILD_HEAP_MB;
    } catch (e) {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      return 1;
    }
    return buildUnderCap(heapMb);
  }
  if (terminalBuild) {
    const cap = heapCapOf();
    process.stderr.write(`release build: heap cap ${cap === undefined ? 'none' : `${cap} MB`}${process.env[CAPPED] === String(cap) ? ' (VW_BUILD_HEAP_MB)' : ''}\n`);
  }
  let database: Database | undefined;
  try {
    database = await openDatabase(targetFromEnv(env()));
    await runCommand(database, argv, (line) => process.stdout.write(`${line}\n`));
    return 0;
  } catch (e) {
    if (e instanceof OutcomeReported) { /* its one JSON line is on stdout (decision 086) */ }
    else if (e instanceof ImportError) process.stderr.write(`${e.report()}\n`);
    else if (e instanceof EnvironmentError) process.stderr.write(`error: ${e.message}\n`);
    // A refused release: what failed, where and why (at most 20 cells), not only the first line.
    else if (e instanceof AuditFailedError) process.stderr.write(`error: ${e.message}\n`);
    else if (e instanceof Error) process.stderr.write(`error: ${readable(e)}\n`);
    else process.stderr.write('error: unknown failure\n');
    return cannotConnectNow(e) && !(e instanceof OutcomeReported) ? EXIT_TEMPFAIL : 1;
  } finally {
    await database?.close();
  }
}

process.exitCode = await main();
