/**
 * RFC 4180 CSV: comma separated, double-quote quoting with "" as an escaped quote, CRLF or LF
 * line ends, optional UTF-8 byte order mark. Returns records with the line on which each starts,
 * so import errors can point at the line a researcher sees in their editor.
 */
export interface CsvRecord {
  /** 1-based line number of the record's first line in the file (the header is line 1). */
  line: number;
  values: string[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * @example parseCsv('a,b\n1,"x,y"\n') // [{line:1,values:['a','b']},{line:2,values:['1','x,y']}]
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let values: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quotedField = false;
  let i = 0;
  const endRecord = () => {
    values.push(field);
    // A completely empty line is not a record.
    if (!(values.length === 1 && values[0] === '' && !quotedField)) records.push({ line: recordLine, values });
    values = [];
    field = '';
    quotedField = false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (src[i + 1] === '"') { field += '"'; i += 2; continue; }
        inQuotes = false; i += 1;
        const next = src[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(line, 'unexpected character after a closing quote');
        }
        continue;
      }
      if (c === '\n') line += 1;
      field += c; i += 1; continue;
    }
    if (c === '"') {
      if (field !== '') throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      inQuotes = true; quotedField = true; i += 1; continue;
    }
    if (c === ',') { values.push(field); field = ''; i += 1; continue; }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line += 1; recordLine = line;
      continue;
    }
    field += c; i += 1;
  }
  if (inQuotes) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed');
  if (field !== '' || values.length > 0 || quotedField) endRecord();
  return records;
}

/** Quotes a value when it needs it. */
export function csvEscape(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Formats rows (header first) as CSV with LF line ends. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvEscape).join(',')).join('\n') + '\n';
}
