/**
 * `db backup` / `db restore` (decision 052) on whichever database DATABASE_URL names (PostgreSQL)
 * or the embedded one: a round trip gives identical tables, every release table included; a
 * backup holds no token and no submission order; a restore is all or nothing.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvColumns, werkbeleving } from '@vw/questionnaire';
import { runCommand } from '../src/cli/commands.js';
import { queryRows, sql } from '../src/db/client.js';
import { importPopulation } from '../src/services/import-population.js';
import { importResponses } from '../src/services/import-responses.js';
import { buildRelease, getReleaseRows } from '../src/services/releases.js';
import { saveDraft, submitResponse } from '../src/services/submissions.js';
import { tableCounts } from '../src/services/backup.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { completeAnswers, createOpenWave, createOrganisation, tokens } from './survey/factories.js';

const ITEMS = csvColumns(werkbeleving);
function responsesCsv(wave: string, n: number): string {
  const lines = [['response_id', 'wave', 'unit', 'submitted_on', ...ITEMS].join(',')];
  for (let i = 0; i < n; i++) {
    const v: Record<string, string> = { sv_team_observed: '1', sv_experienced: '1', gender: i % 2 ? 'vrouw' : 'man', personnel_type: 'burger', scale_civ: 'schaal_7_10', wl1: String((i % 5) + 1), sat: String((i % 10) + 1) };
    lines.push([`r${i}`, wave, i % 3 ? 'TST-A' : 'TST-B', '2024-03-04', ...ITEMS.map((c) => v[c] ?? '')].join(','));
  }
  return lines.join('\n');
}

let source: TestDatabase;
let target: TestDatabase;
let dir: string;
let issued: string[];
const cli = async (db: TestDatabase, ...argv: string[]) => {
  const out: string[] = [];
  await runCommand(db, argv, (l) => out.push(l));
  return out.join('\n');
};

/** Every row of every table as PostgreSQL prints it, in key order. */
async function snapshot(db: TestDatabase): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const name of Object.keys(await tableCounts(db.db))) {
    const rows = await queryRows<{ j: string }>(db.db, sql`select row_to_json(t)::text as j from ${sql.raw(`"${name}"`)} t order by 1`);
    out[name] = rows.map((r) => r.j).sort();
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vw-backup-'));
  source = await createTestDatabase();
  target = await createTestDatabase();
  await createOrganisation(source.db);
  await importPopulation(source.db, ['unit,period,dimension,group,headcount', 'TST,TST-2024,all,all,60', 'TST-A,TST-2024,all,all,40', 'TST-B,TST-2024,all,all,20'].join('\n'), 'p.csv');
  await importResponses(source.db, responsesCsv('TST-2024', 60), { wave: 'TST-2024', file: 'r.csv' });
  await buildRelease(source.db, 'TST-2024');
  // An open wave: used and unused invitations, a draft, a submitted response.
  await createOpenWave(source.db);
  issued = await tokens(source.db, 'TST-W1', 'TST-A', 4);
  await saveDraft(source.db, issued[0]!, { wl1: 2 });
  await submitResponse(source.db, issued[1]!, completeAnswers(true), randomBytes(18).toString('base64url'));
}, 300_000);

afterAll(async () => {
  await source?.destroy();
  await target?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('db backup and db restore', () => {
  it('round-trips every table: row counts and every release table identical', async () => {
    const file = join(dir, 'backup.jsonl.gz');
    expect(await cli(source, 'db', 'backup', file)).toMatch(/backup written to .*: \d+ tables, \d+ rows/);
    expect(await cli(target, 'db', 'restore', file)).toMatch(/restored .*: \d+ tables, \d+ rows/);
    const [a, b] = [await tableCounts(source.db), await tableCounts(target.db)];
    expect(b).toEqual(a);
    expect(a.release_rows).toBeGreaterThan(100);
    expect(a.responses).toBe(61);
    const [sa, sb] = [await snapshot(source), await snapshot(target)];
    for (const t of ['releases', 'release_rows', 'release_comparisons', 'release_grids']) expect(sb[t], t).toEqual(sa[t]);
    expect(sb).toEqual(sa);
    // Sequences continue after the restored rows: a new release in the copy gets the next id.
    const [next] = await queryRows<{ ok: boolean }>(target.db, sql`select nextval(pg_get_serial_sequence('units', 'id')) > (select max(id) from units) as ok`);
    expect(next!.ok).toBe(true);
    // Closed waves can be re-audited from the restored raw responses: building the release again
    // gives the same table, suppression and audit outcome as on the original database.
    const [again, original] = [await buildRelease(target.db, 'TST-2024'), await buildRelease(source.db, 'TST-2024')];
    expect(again.id).toBe(original.id);
    expect(await getReleaseRows(target.db, again.id)).toEqual(await getReleaseRows(source.db, original.id));
    // (A build whose independent audit fails is refused, so both passed it.)
    expect([again.rows, again.suppressed, again.cells]).toEqual([original.rows, original.suppressed, original.cells]);
    expect(again.rows).toBeGreaterThan(100);
  });

  it('holds no token and no submission order', async () => {
    const file = join(dir, 'plain.jsonl');
    await cli(source, 'db', 'backup', file);
    const text = readFileSync(file, 'utf8');
    for (const token of issued) expect(text).not.toContain(token);
    const lines = text.split('\n');
    const header = JSON.parse(lines[0]!) as { format: string; version: number; tables: { name: string }[] };
    expect(header).toMatchObject({ format: 'veilig-werk-backup', version: 1 });
    expect(header.tables.map((t) => t.name)).not.toContain('sessions');
    // Responses and invitations appear in key order (random ids, token hashes), not physical order.
    const section = (name: string) => {
      const start = lines.indexOf(JSON.stringify({ table: name }));
      const end = lines.findIndex((l, i) => i > start && l.startsWith('{"table":'));
      return lines.slice(start + 1, end).map((l) => JSON.parse(l) as Record<string, string>);
    };
    const ids = section('responses').map((r) => r.id!);
    expect(ids).toEqual([...ids].sort());
    const hashes = section('invitations').map((r) => r.token_hash!);
    expect(hashes).toEqual([...hashes].sort());
    expect(Object.keys(section('responses')[0]!)).not.toContain('xmin');
  });

  it('refuses a database that is not empty, and a damaged file, changing nothing', async () => {
    const file = join(dir, 'again.jsonl');
    await cli(source, 'db', 'backup', file);
    const before = await tableCounts(target.db);
    await expect(cli(target, 'db', 'restore', file)).rejects.toThrow(/not empty \(table \w+ has \d+ rows\)/);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(join(dir, 'cut.jsonl'), lines.slice(0, lines.length - 10).join('\n'));
    await expect(cli(target, 'db', 'restore', join(dir, 'cut.jsonl'))).rejects.toThrow(/incomplete: table \w+ has \d+ rows, its header says \d+/);
    writeFileSync(join(dir, 'other.jsonl'), '{"hello":1}\n');
    await expect(cli(target, 'db', 'restore', join(dir, 'other.jsonl'))).rejects.toThrow(/not a backup of this platform/);
    expect(await tableCounts(target.db)).toEqual(before);
  });

  it('says in one line why a backup file cannot be written, reads nothing and leaves no file', async () => {
    // Seen running the README while the platform ran: a folder that does not exist crashed the
    // command with a stream error and its stack (an unhandled 'error' event).
    const missing = join(dir, 'no-such-folder', 'b.jsonl.gz');
    await expect(cli(source, 'db', 'backup', missing)).rejects.toThrow(`cannot write backup file "${missing}": no such file or folder`);
    await expect(cli(source, 'db', 'backup', dir)).rejects.toThrow(/cannot write backup file ".*": it is a folder, not a file/);
    expect(existsSync(missing)).toBe(false);
  });

  it('says why an import file cannot be read', async () => {
    await expect(cli(target, 'import', 'units', join(dir, 'missing.csv'))).rejects.toThrow(/cannot read file ".*missing\.csv": no such file or folder/);
    await expect(cli(target, 'import', 'units', dir)).rejects.toThrow(/cannot read file ".*": it is a folder, not a file/);
    await expect(cli(target, 'plans', 'import', join(dir, 'missing.csv'))).rejects.toThrow(/cannot read file ".*missing\.csv": no such file or folder/);
  });
});
