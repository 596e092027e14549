/**
 * CLI imports are bounded (issue 13: a million-row import took 2.7 GB): a file is read as a
 * stream and refused, with the line, as soon as it passes MAX_IMPORT_LINES or MAX_IMPORT_BYTES —
 * before it is held whole or parsed — and nothing is imported. Files within the limits import.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_LINES, readImportFile, runCommand } from '../src/cli/commands.js';
import { queryRows, sql } from '../src/db/client.js';
import { UsageError } from '../src/errors.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'vw-import-limits-'));
}, 120_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.destroy();
});

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const cli = async (...argv: string[]) => {
  const out: string[] = [];
  await runCommand(t, argv, (l) => out.push(l));
  return out.join('\n');
};

describe('readImportFile', () => {
  const limits = { lines: 3, bytes: 1000 };
  it('reads a file of exactly the limit, with or without a final newline', async () => {
    expect(await readImportFile(file('a.csv', 'h\n1\n2\n'), limits)).toBe('h\n1\n2\n');
    expect(await readImportFile(file('b.csv', 'h\n1\n2'), limits)).toBe('h\n1\n2');
  });
  it('refuses one line more, naming the line and the limit', async () => {
    await expect(readImportFile(file('c.csv', 'h\n1\n2\n3\n'), limits)).rejects.toThrow(/line 4: more than 3 lines/);
    await expect(readImportFile(file('d.csv', 'h\n1\n2\n3'), limits)).rejects.toThrow(/line 4: more than 3 lines/);
  });
  it('refuses a file over the byte limit even on one line', async () => {
    await expect(readImportFile(file('e.csv', 'x'.repeat(1001)), limits)).rejects.toThrow(/larger than 1000 bytes/);
  });
  it('says which file cannot be read', async () => {
    await expect(readImportFile(join(dir, 'missing.csv'))).rejects.toThrow(UsageError);
    await expect(readImportFile(join(dir, 'missing.csv'))).rejects.toThrow(/cannot read file/);
  });
});

describe('pnpm cli import', { timeout: 120_000 }, () => {
  it(`refuses a population file of more than ${MAX_IMPORT_LINES} lines where it passes the limit, importing nothing`, async () => {
    await cli('import', 'units', file('units.csv', 'code,parent,name,level,excluded_from_pooling,valid_from,valid_to\nORG,,Org,organisatie,,,\nA,ORG,A,eenheid,,,\n'));
    const row = 'A,2024,all,all,12\n';
    // 50,000 lines past the limit: the error must name the first line over it, so reading stopped there.
    const big = file('population.csv', `unit,period,dimension,group,headcount\n${row.repeat(MAX_IMPORT_LINES + 50_000)}`);
    const before = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from population`);
    await expect(cli('import', 'population', big)).rejects.toThrow(new RegExp(`line ${MAX_IMPORT_LINES + 1}: more than ${MAX_IMPORT_LINES} lines`));
    const after = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from population`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('imports a file within the limits as before', async () => {
    expect(await cli('import', 'population', file('ok.csv', 'unit,period,dimension,group,headcount\nA,2024,all,all,12\n'))).toMatch(/population: 1 rows stored/);
  });
});
