/** The commands of interchange.md's command line, run against an open database. */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Database } from '../db/client.js';
import { fileProblem, UsageError } from '../errors.js';
import { importPopulation } from '../services/import-population.js';
import { importResponses } from '../services/import-responses.js';
import { importUnits } from '../services/import-units.js';
import { backupDatabase, restoreDatabase } from '../services/backup.js';
import { applyRetention } from '../services/retention.js';
import { loadDemo } from '../services/load-demo.js';
import { runWaveCommand, WAVE_USAGE } from './wave-commands.js';
import { runReleaseCommand } from './release-commands.js';
import { VALUE_PROTECTION_DEFAULT } from '../services/releases.js';
import { runPlansCommand, PLANS_USAGE } from './plans-commands.js';

export const USAGE = `usage: pnpm cli <command>

  db migrate                                   apply pending database migrations
  db backup FILE                               write a consistent backup of the whole database (FILE.gz: compressed)
  db restore FILE                              restore a backup into an empty database (all or nothing)
  db retention [--org ROOT] [--dry-run]        delete raw responses whose retention has expired
  import units FILE                            load or update the unit tree (atomic; every import reads at
                                               most 250,000 lines and 256 MiB: split larger files)
  import population FILE                       load headcounts (atomic)
  import responses FILE --wave W [--instrument ID@VERSION]
                                               load responses for a closed wave (atomic)
  demo [--size small|defence] [--seed N] [--scale X]
                                               create the synthetic demo organisation (scale: staff ×X, for benchmarks)
  release build --period P [--org ROOT] [--value-protection | --no-value-protection] [--outcome json]
                                               build, suppress, audit and freeze a release
                                               (--outcome json: one JSON line on stdout with the
                                               summary or the refusal as the API shows it, no
                                               progress lines; the API's child builds, decision 086)
                                               (--value-protection / --no-value-protection: run the
                                               per-indicator value check of decision 040, or not, for
                                               this build; without either, VW_VALUE_PROTECTION=1|0
                                               decides, and unset it is ${VALUE_PROTECTION_DEFAULT ? 'on' : 'off'})
  release export --period P [--org ROOT] [--scope UNIT] [--format csv|json]
                                               print the frozen release table
  report unit UNIT --period P [--format json|csv]
                                               a unit's report from the frozen release
${WAVE_USAGE}
${PLANS_USAGE}`;

type Out = (line: string) => void;

/**
 * The most a CLI import reads (decision 063): a file is checked as a whole in one transaction, and
 * an unbounded one took 2.7 GB for a million rows. 250,000 lines is several times the largest
 * real file (a whole defence organisation's wave, or its headcounts for several periods); larger
 * data is imported in several files (per period, per wave or part of a wave).
 */
export const MAX_IMPORT_LINES = 250_000;
/** …and at most this many bytes (a line of responses with every item is ~1 kB). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/**
 * Reads an import file as a stream, counting lines and bytes as they come: a file over either
 * limit is refused as soon as the limit is passed (with the line), before it is held in memory or
 * parsed, and nothing is imported.
 */
export async function readImportFile(path: string | undefined, limits = { lines: MAX_IMPORT_LINES, bytes: MAX_IMPORT_BYTES }): Promise<string> {
  if (!path) throw new UsageError('a FILE argument is required');
  const chunks: Buffer[] = [];
  let bytes = 0;
  let lines = 0;
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limits.bytes) {
        throw new UsageError(`${path}: larger than ${limits.bytes} bytes, the most one import reads; split it into several files (per period or wave) and import each`);
      }
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
        lines += 1;
        if (lines > limits.lines) {
          throw new UsageError(`${path}: line ${lines}: more than ${limits.lines} lines (header included), the most one import reads; split it into several files (per period or wave) and import each`);
        }
      }
      chunks.push(chunk);
    }
    const last = chunks.at(-1);
    if (last && last[last.length - 1] !== 10 && lines + 1 > limits.lines) {
      throw new UsageError(`${path}: line ${lines + 1}: more than ${limits.lines} lines (header included), the most one import reads; split it into several files (per period or wave) and import each`);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read file "${path}": ${fileProblem(e)}`);
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs one command against an open database. Exported for in-process tests. */
export async function runCommand(database: Database, argv: string[], out: Out): Promise<void> {
  const [command, sub, ...rest] = argv;
  const { db } = database;
  if (command === 'db' && sub === 'migrate') {
    await database.migrate();
    out('migrations applied');
    return;
  }
  if (command === 'db' && (sub === 'backup' || sub === 'restore')) {
    const file = rest.find((a) => !a.startsWith('--'));
    if (!file) throw new UsageError(`db ${sub} needs a FILE`);
    await database.migrate();
    if (sub === 'backup') {
      const r = await backupDatabase(db, file);
      out(`backup written to ${file}: ${r.tables} tables, ${r.rows} rows`);
    } else {
      const r = await restoreDatabase(db, file);
      out(`restored ${file}: ${r.tables} tables, ${r.rows} rows`);
    }
    return;
  }
  await database.migrate();
  if (command === 'import') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { wave: { type: 'string' }, instrument: { type: 'string' } } });
    const file = positionals[0];
    const text = await readImportFile(file);
    if (sub === 'units') {
      const r = await importUnits(db, text, file);
      out(`units: ${r.inserted} inserted, ${r.updated} updated`);
      return;
    }
    if (sub === 'population') {
      const r = await importPopulation(db, text, file);
      out(`population: ${r.inserted} rows stored`);
      return;
    }
    if (sub === 'responses') {
      if (!values.wave) throw new UsageError('import responses needs --wave W');
      const r = await importResponses(db, text, { wave: values.wave, instrument: values.instrument, file: file! });
      out(`responses: ${r.inserted} stored for wave ${values.wave}${r.waveCreated ? ' (wave created, closed)' : ''}`);
      return;
    }
    throw new UsageError(`unknown import kind "${sub ?? ''}" (units, population or responses)`);
  }
  if (command === 'db' && sub === 'retention') {
    const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
    const r = await applyRetention(db, { org: values.org, dryRun: values['dry-run'] });
    const verb = values['dry-run'] ? 'would delete' : 'deleted';
    for (const d of r.deleted) out(`${d.wave} (${d.organisation}): ${verb} ${d.responses} responses and ${d.invitations} invitations (release frozen ${d.frozenAt}, retention ended ${d.expiredOn})`);
    for (const k of r.kept) out(`${k.wave} (${k.organisation}): kept ${k.until ? `until ${k.until} (${k.reason})` : `(${k.reason})`}`);
    out(`retention: ${r.deleted.length} wave(s) ${verb}, ${r.kept.length} kept; releases are never deleted`);
    return;
  }
  if (command === 'wave') {
    await runWaveCommand(database, sub, rest, out);
    return;
  }
  if (command === 'demo') {
    const { values } = parseArgs({ args: [sub, ...rest].filter((a): a is string => a !== undefined), options: { size: { type: 'string' }, seed: { type: 'string' }, scale: { type: 'string' } } });
    const size = values.size ?? 'small';
    if (size !== 'small' && size !== 'defence') throw new UsageError(`--size must be small or defence, not "${size}"`);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, not "${values.seed}"`);
    const scale = values.scale === undefined ? undefined : Number(values.scale);
    if (scale !== undefined && !(scale > 0 && scale <= 50)) throw new UsageError(`--scale must be a number in (0, 50], not "${values.scale}"`);
    const summary = await loadDemo(db, { size, seed, scale }, out);
    out(`demo (${size}): ${summary.units} units, ${summary.waves} waves, ${summary.responses} responses`);
    return;
  }
  if (command === 'plans') {
    await runPlansCommand(db, sub, rest, out);
    return;
  }
  if (command === 'release' || command === 'report') {
    await runReleaseCommand(db, command, sub, rest, out);
    return;
  }
  throw new UsageError(`unknown command "${[command, sub].filter(Boolean).join(' ')}"\n\n${USAGE}`);
}

