import type { ResponseIssue } from './errors.js';
import { getAnswer } from './items.js';
import type { Answers, InstrumentDefinition, Item } from './schema.js';
import { validateResponse } from './validate-response.js';

/** Leading columns of responses.csv (interchange.md), before the item columns. */
export const CSV_META_COLUMNS = ['response_id', 'wave', 'unit', 'submitted_on'] as const;

/** A problem in one CSV cell (or in the header). */
export interface CsvIssue {
  column: string;
  reason: string;
}

function itemColumns(item: Item): string[] {
  return item.type === 'multi' ? item.options.map((option) => `${item.code}.${option.code}`) : [item.code];
}

/**
 * The item columns of responses.csv in order: one per item, `item.option` per option for multi
 * items. Meta columns (`CSV_META_COLUMNS`) come before these.
 *
 * @example
 * csvColumns(werkbeleving).slice(0, 2); // ['wl1', 'wl2']
 * csvColumns(werkbeleving).includes('sv_form.pesten'); // true
 */
export function csvColumns(def: InstrumentDefinition): string[] {
  return def.items.flatMap(itemColumns);
}

/**
 * Header problems: duplicate or unknown columns and missing meta columns. Missing item columns
 * are allowed and read as empty: an older file may lack items it never asked.
 *
 * @example
 * checkCsvHeader(werkbeleving, ['response_id', 'wave', 'unit', 'submitted_on', 'wl9']);
 * // [{ column: 'wl9', reason: 'unknown column' }]
 */
export function checkCsvHeader(def: InstrumentDefinition, header: readonly string[]): CsvIssue[] {
  const known = new Set<string>([...CSV_META_COLUMNS, ...csvColumns(def)]);
  const issues: CsvIssue[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) issues.push({ column, reason: 'duplicate column' });
    else if (!known.has(column)) issues.push({ column, reason: 'unknown column' });
    seen.add(column);
  }
  for (const column of CSV_META_COLUMNS) if (!seen.has(column)) issues.push({ column, reason: 'missing column' });
  return issues;
}

function issueColumn(def: InstrumentDefinition, issue: ResponseIssue): string {
  const item = def.items.find((candidate) => candidate.code === issue.item);
  if (item?.type !== 'multi') return issue.item;
  if (issue.option !== undefined) return `${item.code}.${issue.option}`;
  return itemColumns(item)[0] ?? item.code;
}

/**
 * Reads one responses.csv row into Answers, then validates them against the instrument, so a row
 * that converts is also a valid response. Multi items: all columns empty = not asked, else every
 * column `1` or `0`. Scale items: whole numbers. Columns other than item columns are ignored here
 * (see checkCsvHeader); surrounding spaces are trimmed except in open text.
 *
 * @example
 * answersFromCsvRow(werkbeleving, { sv_experienced: '1', gender: 'vrouw' });
 * // { answers: { sv_experienced: 1, gender: 'vrouw' } }
 */
export function answersFromCsvRow(def: InstrumentDefinition, row: Readonly<Record<string, string>>): { answers: Answers } | { errors: CsvIssue[] } {
  const cell = (column: string) => (Object.hasOwn(row, column) ? (row[column] ?? '') : '');
  const answers: Answers = {};
  const errors: CsvIssue[] = [];
  for (const item of def.items) {
    switch (item.type) {
      case 'multi': {
        const columns = itemColumns(item);
        const values = columns.map((column) => cell(column).trim());
        if (values.every((value) => value === '')) break;
        const chosen: string[] = [];
        values.forEach((value, i) => {
          const column = columns[i] ?? '';
          if (value === '1') chosen.push(item.options[i]?.code ?? '');
          else if (value === '') errors.push({ column, reason: `empty, but other columns of "${item.code}" are filled; fill all (1/0) or none` });
          else if (value !== '0') errors.push({ column, reason: `expected 1 or 0, got ${JSON.stringify(value)}` });
        });
        answers[item.code] = chosen;
        break;
      }
      case 'scale': {
        const value = cell(item.code).trim();
        if (value === '') break;
        if (!/^-?\d+$/.test(value)) errors.push({ column: item.code, reason: `expected a whole number, got ${JSON.stringify(value)}` });
        else answers[item.code] = Number(value);
        break;
      }
      case 'text': {
        const value = cell(item.code);
        if (value.trim() !== '') answers[item.code] = value;
        break;
      }
      default: {
        const value = cell(item.code).trim();
        if (value !== '') answers[item.code] = value;
      }
    }
  }
  if (errors.length > 0) return { errors };
  const result = validateResponse(def, answers);
  if (!result.ok) return { errors: result.errors.map((issue) => ({ column: issueColumn(def, issue), reason: issue.message })) };
  return { answers: result.answers };
}

/**
 * Writes Answers as the item columns of a responses.csv row (every column present; empty when
 * not answered; multi items as 1/0 per option, all empty when not asked).
 *
 * @example
 * answersToCsvRow(werkbeleving, { sv_form: ['pesten'] })['sv_form.pesten']; // '1'
 */
export function answersToCsvRow(def: InstrumentDefinition, answers: Readonly<Answers>): Record<string, string> {
  const row: Record<string, string> = {};
  for (const item of def.items) {
    const value = getAnswer(answers, item.code);
    if (item.type === 'multi') {
      for (const option of item.options) {
        const column = `${item.code}.${option.code}`;
        row[column] = Array.isArray(value) ? (value.includes(option.code) ? '1' : '0') : '';
      }
    } else {
      row[item.code] = value === undefined || Array.isArray(value) ? '' : String(value);
    }
  }
  return row;
}
