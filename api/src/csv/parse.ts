/**
 * RFC 4180 CSV: comma or semicolon separated (detected from the header: Dutch Excel saves with
 * `;`), double-quote quoting with "" as an escaped quote, CRLF or LF line ends, optional UTF-8
 * byte order mark. Returns records with the line on which each starts, so import errors can point
 * at the line a researcher sees in their editor. Input that is not text at all (an image, a
 * spreadsheet) is refused as "not a CSV file" instead of failing on some quote in the noise.
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

export type CsvDelimiter = ',' | ';';

export const NOT_CSV = 'this is not a CSV file: it holds binary data (an image, a spreadsheet or a document?); save it as CSV (UTF-8) and upload that';

/**
 * True when `text` cannot be a CSV file: the signature of a ZIP-based office file (XLSX, DOCX) or
 * a PDF, or three or more NUL, control or Unicode replacement characters (bytes that were not
 * UTF-8) in its first 8,000 characters, as in an image or a UTF-16 export. One or two such
 * characters make a text file with a bad cell, which the import names by line and column.
 */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8000);
  if (head.startsWith('PK\u0003\u0004') || head.startsWith('%PDF-')) return true;
  let odd = 0;
  for (let i = 0; i < head.length && odd < 3; i++) {
    const c = head.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) odd++;
  }
  return odd >= 3;
}

/**
 * The delimiter of the header line (outside quotes): `;` when it has more semicolons than commas,
 * otherwise `,`.
 *
 * @example detectDelimiter('unit;period;headcount\n') // ';'
 */
export function detectDelimiter(text: string): CsvDelimiter {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

/**
 * @example parseCsv('a,b\n1,"x,y"\n') // [{line:1,values:['a','b']},{line:2,values:['1','x,y']}]
 * @example parseCsv('a;b\n1;2,5\n') // [{line:1,values:['a','b']},{line:2,values:['1','2,5']}]
 */
export function parseCsv(text: string, delimiter?: CsvDelimiter): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (looksBinary(src)) throw new CsvSyntaxError(1, NOT_CSV);
  const sep = delimiter ?? detectDelimiter(src);
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
        if (next !== undefined && next !== sep && next !== '\n' && next !== '\r') {
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
    if (c === sep) { values.push(field); field = ''; i += 1; continue; }
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
export function csvEscape(value: string, delimiter: CsvDelimiter = ','): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Formats rows (header first) as CSV with LF line ends; `;` for Dutch spreadsheets. */
export function formatCsv(rows: readonly (readonly string[])[], delimiter: CsvDelimiter = ','): string {
  return rows.map((r) => r.map((v) => csvEscape(v, delimiter)).join(delimiter)).join('\n') + '\n';
}
