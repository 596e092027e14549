/**
 * The respondent's side: open a session with a token, save a draft, submit.
 *
 * Submission is one transaction: mark the invitation used (the guard: `used = false` in the
 * WHERE clause, so of two concurrent submissions exactly one updates a row), store the anonymous
 * response with a random id and the day only, delete the draft. Nothing in the response row
 * refers to the invitation, and nothing in the invitation row refers to the response.
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { validateResponse, type Answers, type InstrumentDefinition, type ResponseIssue } from '@vw/questionnaire';
import { queryPrepared, sql, type Db } from '../db/client.js';
import { GROUP_COLUMN_NAMES, groupValues } from '../db/dimensions.js';
import { drafts, invitations, organisations, units, type waves } from '../db/schema.js';
import { SurveyError } from '../errors.js';
import { getInstrumentVersionById } from './instruments.js';
import { hashCode, normaliseCode, sameHash, TOKEN_LENGTH, waveState } from './invitations.js';
import { responseRow } from './responses.js';

/** Published versions never change, so a parsed definition can be kept (per database). */
const definitions = new WeakMap<Db, Map<number, Promise<{ ref: string; definition: InstrumentDefinition }>>>();

function definitionOf(db: Db, versionId: number): Promise<{ ref: string; definition: InstrumentDefinition }> {
  let perDb = definitions.get(db);
  if (!perDb) {
    perDb = new Map();
    definitions.set(db, perDb);
  }
  let entry = perDb.get(versionId);
  if (!entry) {
    entry = getInstrumentVersionById(db, versionId);
    entry.catch(() => perDb.delete(versionId));
    perDb.set(versionId, entry);
  }
  return entry;
}

const invalidToken = () => new SurveyError(404, 'invalid_token', 'This link or code is not valid.');

interface Invitation {
  tokenHash: Buffer;
  used: boolean;
  receiptHash: Buffer | null;
  wave: typeof waves.$inferSelect;
  unitId: number;
  versionId: number;
}

interface InvitationRow extends Record<string, unknown> {
  token_hash: Uint8Array; used: boolean; receipt_hash: Uint8Array | null; unit_id: number; version_id: number;
  wave_id: number; wave_code: string; organisation_id: number; wave_version_id: number; kind: 'census' | 'sample';
  opens_ms: number; closes_ms: number; closed_ms: number | null;
}

/**
 * Everything the survey app needs to show a respondent's questionnaire. The respondent API
 * declares the same shape (routes/survey/contract.ts); its handler fails typecheck if they part.
 */
export interface SurveySession {
  wave: { code: string; kind: 'census' | 'sample'; closesAt: string };
  organisation: { name: string; minGroupSize: number; reportingPointUrl: string | null };
  unit: { code: string; name: string };
  instrument: { ref: string; definition: InstrumentDefinition };
  /** The saved draft (empty when none). */
  answers: Answers;
  /** The language saved with the draft (null when none): resuming on another device keeps it. */
  lang: SurveyLang | null;
}

/** The survey's languages; a draft keeps the one the respondent last chose. */
export type SurveyLang = 'nl' | 'en';

/** The invitation behind a token, or an `invalid_token` error. One prepared statement. */
async function findInvitation(db: Db, token: string): Promise<Invitation> {
  const canonical = normaliseCode(token, TOKEN_LENGTH);
  if (canonical === null) throw invalidToken();
  const h = hashCode(canonical);
  const [row] = await queryPrepared<InvitationRow>(db, sql`
    select i.token_hash, i.used, i.receipt_hash, i.unit_id, wu.instrument_version_id as version_id,
           w.id as wave_id, w.code as wave_code, w.organisation_id, w.instrument_version_id as wave_version_id, w.kind,
           extract(epoch from w.opens_at)::float8 * 1000 as opens_ms, extract(epoch from w.closes_at)::float8 * 1000 as closes_ms,
           extract(epoch from w.closed_at)::float8 * 1000 as closed_ms
    from invitations i
    join waves w on w.id = i.wave_id
    join wave_units wu on wu.wave_id = i.wave_id and wu.unit_id = i.unit_id
    where i.token_hash = ${h}`);
  // The index lookup found the row by its hash; compare again in constant time all the same.
  if (!row || !sameHash(row.token_hash, h)) throw invalidToken();
  return {
    tokenHash: Buffer.from(row.token_hash), used: row.used, receiptHash: row.receipt_hash ? Buffer.from(row.receipt_hash) : null,
    unitId: row.unit_id, versionId: row.version_id,
    wave: {
      id: row.wave_id, code: row.wave_code, organisationId: row.organisation_id, instrumentVersionId: row.wave_version_id, kind: row.kind,
      opensAt: new Date(row.opens_ms), closesAt: new Date(row.closes_ms), closedAt: row.closed_ms === null ? null : new Date(row.closed_ms),
      // Retention deletes a wave's invitations with its responses: a wave found here has both.
      responsesDeletedAt: null,
    },
  };
}

function assertOpen(inv: Invitation, now: Date): void {
  const state = waveState(inv.wave, now);
  if (state === 'closed') throw new SurveyError(409, 'wave_closed', 'This survey has closed.');
  if (state === 'not_open') throw new SurveyError(409, 'wave_not_open', 'This survey has not opened yet.');
}

const alreadySubmitted = () => new SurveyError(409, 'already_submitted', 'Answers for this invitation have already been submitted.');

/** Opens a respondent's session: the questionnaire and the saved draft. */
export async function getSession(db: Db, token: string, now = new Date()): Promise<SurveySession> {
  const inv = await findInvitation(db, token);
  assertOpen(inv, now);
  if (inv.used) throw alreadySubmitted();
  const [[org], [unit], [draft], instrument] = await Promise.all([
    db.select().from(organisations).where(eq(organisations.id, inv.wave.organisationId)),
    db.select({ code: units.code, name: units.name }).from(units).where(eq(units.id, inv.unitId)),
    db.select({ answers: drafts.answers, lang: drafts.lang }).from(drafts).where(eq(drafts.tokenHash, inv.tokenHash)),
    definitionOf(db, inv.versionId),
  ]);
  return {
    wave: { code: inv.wave.code, kind: inv.wave.kind, closesAt: inv.wave.closesAt.toISOString() },
    organisation: { name: org!.name, minGroupSize: org!.minGroupSize, reportingPointUrl: org!.reportingPointUrl },
    unit: { code: unit!.code, name: unit!.name },
    instrument,
    answers: (draft?.answers ?? {}) as Answers,
    lang: draft?.lang === 'nl' || draft?.lang === 'en' ? draft.lang : null,
  };
}

function invalidAnswers(issues: ResponseIssue[]) {
  return new SurveyError(422, 'invalid_answers', 'The answers do not fit the questionnaire.', issues);
}

/** Saves the answers so far. A draft may leave anything out; what it holds must be valid. */
export async function saveDraft(db: Db, token: string, answers: Answers, now = new Date(), lang?: SurveyLang): Promise<void> {
  const inv = await findInvitation(db, token);
  assertOpen(inv, now);
  if (inv.used) throw alreadySubmitted();
  const { definition } = await definitionOf(db, inv.versionId);
  const r = validateResponse(definition, answers);
  let clean: Answers;
  if (r.ok) clean = r.answers;
  else {
    const issues = r.errors.filter((e) => e.code !== 'required_missing');
    if (issues.length > 0) throw invalidAnswers(issues);
    clean = answers;
  }
  // The language goes with the draft (deleted with it on submission; never part of a response).
  await db.insert(drafts).values({ tokenHash: inv.tokenHash, answers: clean, lang: lang ?? null })
    .onConflictDoUpdate({ target: drafts.tokenHash, set: lang ? { answers: clean, lang } : { answers: clean } });
}

/** The UTC day, the only time a response keeps. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Submits a complete response. Idempotent: the same `key` again (a retry after a lost reply, a
 * double click) gets the same answer and stores nothing; a different key on a used token is a
 * conflict.
 */
export async function submitResponse(db: Db, token: string, answers: Answers, key: string, now = new Date()): Promise<void> {
  const inv = await findInvitation(db, token);
  assertOpen(inv, now);
  const receipt = createHash('sha256').update(key, 'utf8').digest();
  const retryOrConflict = (stored: Buffer | null) => {
    if (stored && sameHash(stored, receipt)) return;
    throw alreadySubmitted();
  };
  if (inv.used) return retryOrConflict(inv.receiptHash);
  const { definition } = await definitionOf(db, inv.versionId);
  const r = validateResponse(definition, answers);
  if (!r.ok) throw invalidAnswers(r.errors);
  const row = responseRow(definition, {
    id: randomUUID(), waveId: inv.wave.id, unitId: inv.unitId, instrumentVersionId: inv.versionId,
    submittedOn: dayOf(now), answers: r.answers,
  });
  // One statement, so one round trip and atomic on its own: claim the invitation (the guard), and
  // only when that succeeded store the response and drop the draft.
  const claimed = await queryPrepared<{ n: number }>(db, sql`
    with claimed as (
      update invitations set used = true, receipt_hash = ${receipt}
      where token_hash = ${inv.tokenHash} and used = false
      returning token_hash
    ), stored as (
      insert into responses (id, wave_id, unit_id, instrument_version_id, submitted_on, ${GROUP_COLUMN_NAMES}, victim, answers, scores, facts)
      select ${row.id}::uuid, ${row.waveId}, ${row.unitId}, ${row.instrumentVersionId}, ${row.submittedOn}::date, ${groupValues(row)},
             ${row.victim}, ${JSON.stringify(row.answers)}::jsonb, ${JSON.stringify(row.scores)}::jsonb,
             array(select jsonb_array_elements_text(${JSON.stringify(row.facts)}::jsonb))
      from claimed
      returning 1
    ), dropped as (
      delete from drafts where token_hash in (select token_hash from claimed)
    )
    select count(*)::int as n from stored`);
  const stored = (claimed[0]?.n ?? 0) === 1;
  if (stored) return;
  // Another submission on this token won the race; it may have been this very one (same key).
  const [after] = await db.select({ receiptHash: invitations.receiptHash }).from(invitations).where(eq(invitations.tokenHash, inv.tokenHash));
  retryOrConflict(after?.receiptHash ?? null);
}
