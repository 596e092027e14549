/**
 * Uploads as people make them: Dutch Excel saves CSV with `;`, often with a UTF-8 byte order
 * mark; people also pick the wrong file (an image, the .xlsx itself). Parsing and a real import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '../src/db/schema.js';
import { CsvSyntaxError, NOT_CSV, detectDelimiter, formatCsv, parseCsv } from '../src/csv/parse.js';
import { ImportError } from '../src/errors.js';
import { importUnits } from '../src/services/import-units.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

// The first bytes of a PNG as a browser or readFileSync(…, 'utf8') hands them over.
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x22, 0x2c]).toString('utf8');

describe('parseCsv', () => {
  it('detects `;` from the header and keeps decimal commas inside fields', () => {
    expect(detectDelimiter('unit;period;headcount\n')).toBe(';');
    expect(detectDelimiter('a,b;c,d\n')).toBe(',');
    expect(parseCsv('unit;period;value\r\nA;2024;"2,5"\r\nB;2024;3,75\r\n').map((r) => r.values)).toEqual([
      ['unit', 'period', 'value'], ['A', '2024', '2,5'], ['B', '2024', '3,75'],
    ]);
  });

  it('accepts a UTF-8 byte order mark with either delimiter', () => {
    expect(parseCsv('\uFEFFcode;name\nX;Één\n')[0]!.values).toEqual(['code', 'name']);
    expect(parseCsv('\uFEFFcode,name\nX,Één\n')[1]!.values).toEqual(['X', 'Één']);
  });

  it('says "this is not a CSV file" for binary input instead of a quote error', () => {
    // An image, an XLSX, and a UTF-16 export read as UTF-8 (a NUL after every character).
    for (const bytes of [PNG, 'PK\u0003\u0004[Content_Types].xml', 'a\u0000,\u0000b\u0000\n\u0000']) {
      const err = (() => { try { parseCsv(bytes); } catch (e) { return e; } return null; })();
      expect(err).toBeInstanceOf(CsvSyntaxError);
      expect((err as CsvSyntaxError).message).toContain('this is not a CSV file');
    }
    expect(NOT_CSV).toMatch(/^this is not a CSV file/);
  });

  it('writes `;`-separated CSV that reads back the same', () => {
    const rows = [['a', 'b'], ['2,5', 'x;y'], ['"q"', '']];
    const text = formatCsv(rows, ';');
    expect(text.split('\n')[1]).toBe('2,5;"x;y"');
    expect(parseCsv(text).map((r) => r.values)).toEqual(rows);
  });
});

describe('importing uploads', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t.destroy(); });

  it('imports a `;`-separated file with a BOM as Dutch Excel saves it', async () => {
    const text = '\uFEFFcode;parent;name;level;excluded_from_pooling;valid_from;valid_to\r\nORG;;Organisatie;organisatie;;;\r\nORG-A;ORG;"Afdeling A; Den Haag";afdeling;false;;\r\n';
    expect(await importUnits(t.db, text)).toEqual({ inserted: 2, updated: 0 });
    const names = (await t.db.select().from(units)).map((u) => u.name).sort();
    expect(names).toEqual(['Afdeling A; Den Haag', 'Organisatie']);
  });

  it('refuses an image with one clear issue and stores nothing', async () => {
    const before = (await t.db.select().from(units)).length;
    const err = await importUnits(t.db, PNG).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).issues).toEqual([{ line: 1, column: '', reason: NOT_CSV }]);
    expect((await t.db.select().from(units)).length).toBe(before);
  });

  it('lists error rows in line order', () => {
    const e = new ImportError('x', [{ line: 9, column: 'a', reason: 'r' }, { line: 0, column: 'b', reason: 'r' }, { line: 3, column: 'c', reason: 'r' }]);
    expect(e.issues.map((i) => i.line)).toEqual([0, 3, 9]);
  });
});
