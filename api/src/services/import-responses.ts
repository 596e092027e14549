/**
 * `import responses FILE --wave W [--instrument ID@VERSION]`: historical response microdata for
 * a closed wave, validated with the questionnaire model, stored all or nothing.
 */
import { createHash } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { answersFromCsvRow, csvColumns, validateResponse } from '@vw/questionnaire';
import type { Db } from '../db/client.js';
import { responses, waveUnits } from '../db/schema.js';
import { ImportError, type RowIssue } from '../errors.js';
import { isIsoDate, readTable } from '../csv/table.js';
import { getUnitsByCode } from '../repositories/units.js';
import { getInstrumentVersion, getInstrumentVersionById } from './instruments.js';
import { insertResponses, type NewResponse } from './responses.js';
import { createWave, getWaveByCode, isWaveClosed } from '../repositories/waves.js';
import { eq } from 'drizzle-orm';

export const RESPONSE_FIXED_COLUMNS = ['response_id', 'wave', 'unit', 'submitted_on'] as const;
const DEFAULT_INSTRUMENT = 'werkbeleving-sv@1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The stored id of an imported response: the file's id when it is a UUID, else a UUID derived
 * from it by hashing, so re-importing the same file is recognised as a duplicate while the id
 * still says nothing about order.
 */
export function storedResponseId(responseId: string): string {
  if (UUID.test(responseId)) return responseId.toLowerCase();
  const h = createHash('sha256').update(`response:${responseId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `YYYY-MM-DD` stays; `YYYY-MM` is stored as the first of the month (coarser is fine). */
function submittedDay(value: string): string | null {
  if (isIsoDate(value)) return value;
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return `${value}-01`;
  return null;
}

export interface ImportResponsesOptions {
  wave: string;
  /** `ID@VERSION`; defaults to the wave's version, or werkbeleving-sv@1 for a new wave. */
  instrument?: string | undefined;
  file?: string;
  now?: Date;
}

export async function importResponses(db: Db, text: string, opts: ImportResponsesOptions): Promise<{ inserted: number; waveCreated: boolean }> {
  const file = opts.file ?? 'responses.csv';
  const fail = (reason: string, column = 'wave'): never => { throw new ImportError(file, [{ line: 0, column, reason }]); };
  const existingWave = await getWaveByCode(db, opts.wave);
  let version;
  if (existingWave) {
    version = await getInstrumentVersionById(db, existingWave.instrumentVersionId);
    if (opts.instrument && opts.instrument !== version.ref) fail(`wave ${opts.wave} uses ${version.ref}, not ${opts.instrument}`, 'instrument');
    if (!isWaveClosed(existingWave, opts.now ?? new Date())) fail(`wave ${opts.wave} is still open; responses can only be imported into a closed wave`);
  } else {
    version = await getInstrumentVersion(db, opts.instrument ?? DEFAULT_INSTRUMENT);
  }
  const def = version.definition;
  const itemColumns = new Set(csvColumns(def));
  const issues: RowIssue[] = [];
  const table = readTable(text, RESPONSE_FIXED_COLUMNS, issues, (c) => itemColumns.has(c));
  const units = await getUnitsByCode(db, [...new Set(table.rows.map((r) => r.get('unit')))]);
  const waveUnitIds = existingWave
    ? new Set((await db.select({ unitId: waveUnits.unitId }).from(waveUnits).where(eq(waveUnits.waveId, existingWave.id))).map((r) => r.unitId))
    : null;
  const idLine = new Map<string, number>();
  const parsed: (NewResponse & { line: number; organisationId: number })[] = [];
  for (const row of table.rows) {
    const bad = (column: string, reason: string) => issues.push({ line: row.line, column, reason });
    const rid = row.get('response_id');
    let id: string | null = null;
    if (!rid) bad('response_id', 'a response id is required');
    else {
      id = storedResponseId(rid);
      const first = idLine.get(id);
      if (first !== undefined) bad('response_id', `duplicate response id "${rid}" (first on line ${first})`);
      else idLine.set(id, row.line);
    }
    if (row.get('wave') !== opts.wave) bad('wave', `"${row.get('wave')}" differs from the wave being imported (${opts.wave})`);
    const unit = units.get(row.get('unit'));
    if (!unit) bad('unit', row.get('unit') ? `unknown unit "${row.get('unit')}"` : 'a unit code is required');
    else if (existingWave && unit.organisationId !== existingWave.organisationId) bad('unit', `unit "${unit.code}" belongs to another organisation than wave ${opts.wave}`);
    else if (waveUnitIds && !waveUnitIds.has(unit.id)) bad('unit', `unit "${unit.code}" is not part of wave ${opts.wave}`);
    const day = submittedDay(row.get('submitted_on'));
    if (!day) bad('submitted_on', `"${row.get('submitted_on')}" is not a date (YYYY-MM-DD or YYYY-MM)`);
    const itemsOnly: Record<string, string> = {};
    for (const [k, v] of Object.entries(row.raw)) if (itemColumns.has(k)) itemsOnly[k] = v;
    const fromCsv = answersFromCsvRow(def, itemsOnly);
    if ('errors' in fromCsv) {
      for (const e of fromCsv.errors) bad(e.column, e.reason);
      continue;
    }
    const checked = validateResponse(def, fromCsv.answers);
    if (!checked.ok) {
      for (const e of checked.errors) bad(e.item, e.message);
      continue;
    }
    if (id && unit && day) {
      parsed.push({ line: row.line, id, waveId: existingWave?.id ?? 0, unitId: unit.id, organisationId: unit.organisationId, instrumentVersionId: version.id, submittedOn: day, answers: checked.answers });
    }
  }
  // Re-importing: ids already stored are duplicates.
  const ids = [...idLine.keys()];
  for (let i = 0; i < ids.length; i += 5000) {
    const found = await db.select({ id: responses.id }).from(responses).where(inArray(responses.id, ids.slice(i, i + 5000)));
    for (const f of found) issues.push({ line: idLine.get(f.id)!, column: 'response_id', reason: 'this response was already imported (duplicate id)' });
  }
  const orgs = new Set(parsed.map((p) => p.organisationId));
  if (!existingWave && orgs.size > 1) issues.push({ line: 0, column: 'unit', reason: 'the units of one wave must belong to one organisation' });
  if (issues.length === 0 && table.rows.length === 0) issues.push({ line: 2, column: '', reason: 'the file has no responses' });
  if (issues.length > 0) throw new ImportError(file, issues.sort((a, b) => a.line - b.line));

  return db.transaction(async (tx) => {
    let waveId = existingWave?.id;
    if (waveId === undefined) {
      const days = parsed.map((p) => p.submittedOn).sort();
      const closes = new Date(`${days[days.length - 1]}T00:00:00Z`);
      closes.setUTCDate(closes.getUTCDate() + 1);
      const created = await createWave(tx, {
        code: opts.wave, organisationId: parsed[0]!.organisationId, instrumentVersionId: version.id,
        unitIds: [...new Set(parsed.map((p) => p.unitId))], opensAt: new Date(`${days[0]}T00:00:00Z`), closesAt: closes,
        kind: 'census', closed: true,
      });
      waveId = created.id;
    }
    await insertResponses(tx, def, parsed.map(({ line: _l, organisationId: _o, ...r }) => ({ ...r, waveId: waveId! })));
    return { inserted: parsed.length, waveCreated: existingWave === undefined };
  });
}
