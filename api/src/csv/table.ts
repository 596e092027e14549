/**
 * Reading a CSV file as a table with a known header: checks required and unknown columns once,
 * then hands each row to the importer as a record keyed by column name.
 */
import type { RowIssue } from '../errors.js';
import { CONTROL_CHARACTER, CONTROL_CHARACTER_REASON } from '../input.js';
import { parseCsv, CsvSyntaxError } from './parse.js';

export interface CsvRow {
  line: number;
  get(column: string): string;
  raw: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/**
 * Parses `text` and checks the header. `allowed(column)` decides which extra columns are known.
 * Issues are appended to `issues`; the returned table is empty when the header is unusable.
 */
export function readTable(
  text: string,
  required: readonly string[],
  issues: RowIssue[],
  allowed: (column: string) => boolean = () => false,
): CsvTable {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      issues.push({ line: e.line, column: '', reason: e.message.replace(/^line \d+: /, '') });
      return { header: [], rows: [] };
    }
    throw e;
  }
  const [head, ...body] = records;
  if (!head) {
    issues.push({ line: 1, column: '', reason: 'the file is empty; expected a header row' });
    return { header: [], rows: [] };
  }
  const header = head.values.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    // NUL and other control characters would reach PostgreSQL, which refuses them in text.
    if (CONTROL_CHARACTER.test(h)) {
      issues.push({ line: 1, column: h.replace(new RegExp(CONTROL_CHARACTER.source, 'g'), '?'), reason: CONTROL_CHARACTER_REASON });
      continue;
    }
    if (seen.has(h)) issues.push({ line: 1, column: h, reason: 'duplicate column' });
    seen.add(h);
    if (!required.includes(h) && !allowed(h)) issues.push({ line: 1, column: h, reason: 'unknown column' });
  }
  for (const r of required) {
    if (!seen.has(r)) issues.push({ line: 1, column: r, reason: 'required column is missing' });
  }
  if (issues.length > 0) return { header, rows: [] };
  const rows: CsvRow[] = [];
  for (const rec of body) {
    if (rec.values.length !== header.length) {
      issues.push({ line: rec.line, column: '', reason: `expected ${header.length} fields, found ${rec.values.length}` });
      continue;
    }
    const raw: Record<string, string> = {};
    let clean = true;
    header.forEach((h, i) => {
      const value = rec.values[i]!;
      if (CONTROL_CHARACTER.test(value)) {
        issues.push({ line: rec.line, column: h, reason: CONTROL_CHARACTER_REASON });
        clean = false;
      }
      raw[h] = value.trim();
    });
    if (!clean) continue;
    rows.push({ line: rec.line, raw, get: (c) => raw[c] ?? '' });
  }
  return { header, rows };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date in `YYYY-MM-DD` form. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
