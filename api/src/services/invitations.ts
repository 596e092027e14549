/**
 * Invitation tokens and open-link access codes.
 *
 * A token is 128 bits from `crypto.randomBytes`, written in lower-case base32 (26 characters) so
 * it can be typed. Only its SHA-256 is stored; the token itself exists in the CSV printed once by
 * `wave invite` and in the respondent's link. See docs/anonymity.md.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client.js';
import {
  closeWaveRows, findOpenLinkByHash, insertInvitation, insertInvitations, invitationCount, ownStaff, replaceOpenLinks, sealTables, waveUnitRows,
  type NewInvitationRow,
} from '../repositories/invitations.js';
import { ConflictError, NotFoundError, SurveyError, UsageError } from '../errors.js';
import { getWaveByCode, getWaveById, waveState, type WaveRow } from '../repositories/waves.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
/** Characters of a token: 128 bits in base32 is 26 characters (130 bits of room). */
export const TOKEN_LENGTH = 26;
/** Characters of an open-link access code: 80 bits; guessing is capped by the rate limit too. */
export const ACCESS_CODE_LENGTH = 16;

function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.slice(0, length);
}

/** A new invitation token: 16 random bytes (128 bits) as 26 base32 characters. */
export function newToken(): string {
  return base32(randomBytes(16), TOKEN_LENGTH);
}

/** A new open-link access code: 10 random bytes (80 bits) as 16 base32 characters. */
export function newAccessCode(): string {
  return base32(randomBytes(10), ACCESS_CODE_LENGTH);
}

/**
 * A typed or pasted token or code in canonical form (lower case, spaces and dashes removed), or
 * null when it cannot be one.
 */
export function normaliseCode(input: string, length: number): string | null {
  const s = input.toLowerCase().replace(/[\s-]/g, '');
  return s.length === length && /^[a-z2-7]+$/.test(s) ? s : null;
}

/** SHA-256 of a canonical token or code: the only form the database ever sees. */
export function hashCode(code: string): Buffer {
  return createHash('sha256').update(code, 'utf8').digest();
}

/** Constant-time equality of two hashes (false when lengths differ). */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Where a respondent opens the survey with a token: the survey app swaps it for a cookie. */
export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/t/${token}`;
}

/** Where a respondent opens an open link. */
export function openLinkUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/o/${code}`;
}

export { waveState, type WaveState } from '../repositories/waves.js';

async function requireWave(db: Db, code: string): Promise<WaveRow> {
  const w = await getWaveByCode(db, code);
  if (!w) throw new NotFoundError(`unknown wave "${code}"`);
  return w;
}

/**
 * Bounds on bulk issuing (issue 13: one request over all units once made 410,000 tokens and a
 * 39 MB response). A request issues at most this many — the staff of a large organisation at once —
 * and a wave never holds more than MAX_INVITATIONS_PER_WAVE.
 */
export const MAX_INVITATIONS_PER_REQUEST = 100_000;
export const MAX_INVITATIONS_PER_WAVE = 1_000_000;

export interface InviteOptions {
  unit?: string | undefined;
  /** Invitations per unit; default: one per head of the unit's own staff. */
  count?: number | undefined;
}

export interface IssuedInvitation {
  unit: string;
  token: string;
}

/**
 * Creates invitations for a wave (all its units, or one) and returns the tokens. This is the only
 * moment a token exists outside the respondent's hands: it is not stored, only its hash.
 */
export async function createInvitations(db: Db, waveCode: string, o: InviteOptions, now = new Date()): Promise<IssuedInvitation[]> {
  const wave = await requireWave(db, waveCode);
  if (waveState(wave, now) === 'closed') throw new ConflictError(`wave ${waveCode} is closed`);
  if (o.count !== undefined && (!Number.isInteger(o.count) || o.count < 1 || o.count > MAX_INVITATIONS_PER_REQUEST)) {
    throw new UsageError(`count must be a whole number from 1 to ${MAX_INVITATIONS_PER_REQUEST}`);
  }
  let targets = await waveUnitRows(db, wave.id);
  if (o.unit !== undefined) {
    targets = targets.filter((u) => u.code === o.unit);
    if (targets.length === 0) throw new NotFoundError(`unit "${o.unit}" is not part of wave ${waveCode}`);
  }
  const counts = new Map<number, number>();
  if (o.count !== undefined) for (const u of targets) counts.set(u.id, o.count);
  else {
    const staff = await ownStaff(db, waveCode, targets.map((u) => u.id));
    const missing = targets.filter((u) => !staff.has(u.id)).map((u) => u.code);
    if (missing.length > 0) {
      throw new UsageError(`no headcount for period ${waveCode} for unit(s) ${missing.join(', ')}; import population rows or pass --count N`);
    }
    for (const u of targets) counts.set(u.id, staff.get(u.id) ?? 0);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total > MAX_INVITATIONS_PER_REQUEST) {
    throw new UsageError(`this would create ${total} invitations; at most ${MAX_INVITATIONS_PER_REQUEST} at once: invite unit by unit`);
  }
  const existing = await invitationCount(db, wave.id);
  if (existing + total > MAX_INVITATIONS_PER_WAVE) {
    throw new UsageError(`wave ${waveCode} has ${existing} invitations; ${total} more would pass the limit of ${MAX_INVITATIONS_PER_WAVE} per wave`);
  }
  const issued: IssuedInvitation[] = [];
  const rows: NewInvitationRow[] = [];
  for (const u of targets) {
    for (let i = 0; i < (counts.get(u.id) ?? 0); i += 1) {
      const token = newToken();
      issued.push({ unit: u.code, token });
      rows.push({ tokenHash: hashCode(token), waveId: wave.id, unitId: u.id });
    }
  }
  await insertInvitations(db, rows);
  return issued;
}

/** Creates (or replaces) the open-link access code of each unit of a wave, or of one unit. */
export async function createOpenLinks(db: Db, waveCode: string, unitCode?: string, now = new Date()): Promise<IssuedInvitation[]> {
  const wave = await requireWave(db, waveCode);
  if (waveState(wave, now) === 'closed') throw new ConflictError(`wave ${waveCode} is closed`);
  let targets = await waveUnitRows(db, wave.id);
  if (unitCode !== undefined) {
    targets = targets.filter((u) => u.code === unitCode);
    if (targets.length === 0) throw new NotFoundError(`unit "${unitCode}" is not part of wave ${waveCode}`);
  }
  const issued = targets.map((u) => ({ unit: u.code, token: newAccessCode(), unitId: u.id }));
  await replaceOpenLinks(db, wave.id, issued.map((i) => ({ codeHash: hashCode(i.token), unitId: i.unitId })));
  return issued.map(({ unit, token }) => ({ unit, token }));
}

/** The wave and unit an open-link code belongs to, or undefined. */
export async function findOpenLink(db: Db, code: string): Promise<{ waveId: number; unitId: number } | undefined> {
  const h = hashCode(code);
  const row = await findOpenLinkByHash(db, h);
  if (!row || !sameHash(row.codeHash, h)) return undefined;
  return { waveId: row.waveId, unitId: row.unitId };
}

/** The open link behind a typed or pasted code, if its wave is open; otherwise the error a respondent sees. */
export async function findUsableOpenLink(db: Db, code: string, now: Date): Promise<{ waveId: number; unitId: number }> {
  const canonical = normaliseCode(code, ACCESS_CODE_LENGTH);
  const link = canonical === null ? undefined : await findOpenLink(db, canonical);
  if (!link) throw new SurveyError(404, 'invalid_token', 'This link or code is not valid.');
  const wave = await getWaveById(db, link.waveId);
  const state = wave ? waveState(wave, now) : 'closed';
  if (state === 'closed') throw new SurveyError(409, 'wave_closed', 'This survey has closed.');
  if (state === 'not_open') throw new SurveyError(409, 'wave_not_open', 'This survey has not opened yet.');
  return link;
}

/** Issues a fresh invitation for an open-link start and returns its token. */
export async function issueOpenLinkInvitation(db: Db, link: { waveId: number; unitId: number }): Promise<string> {
  const token = newToken();
  await insertInvitation(db, { tokenHash: hashCode(token), waveId: link.waveId, unitId: link.unitId });
  return token;
}

export interface CloseSummary {
  /** Invitations that were never used and stop working now. */
  unused: number;
  used: number;
  draftsDeleted: number;
}

/**
 * Closes a wave: unused invitations stop working (the wave's state is checked on every use), open
 * drafts are deleted, and the physical traces that could pair a used invitation with its response
 * are erased (docs/anonymity.md, "Physical order and row versions"):
 * - every invitation row and every response row of the wave is rewritten in one transaction, so
 *   they all carry the same creating transaction id (`xmin`) instead of the submit transaction's;
 * - both tables are then rewritten in key order (`CLUSTER … USING …_pkey`): invitations by token
 *   hash, responses by their random id, so neither the physical order (`ctid`) nor free space left
 *   by old row versions follows the order of submission.
 */
export async function closeWave(db: Db, waveCode: string, now = new Date()): Promise<CloseSummary> {
  const wave = await requireWave(db, waveCode);
  const summary = await closeWaveRows(db, wave.id, now);
  await sealTables(db);
  return summary;
}
