/**
 * Invitations and open links as stored: only hashes of tokens and codes ever reach these tables
 * (services/invitations.ts makes and hashes them; docs/anonymity.md). Also the SQL of closing a
 * wave, which rewrites the invitation and response rows so nothing physical pairs them.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryRows } from '../db/client.js';
import { invitations, openLinks, population, units, waves, waveUnits } from '../db/schema.js';

export type NewInvitationRow = typeof invitations.$inferInsert;

/** The units of a wave, by code. */
export async function waveUnitRows(db: Db, waveId: number): Promise<{ id: number; code: string; parentId: number | null }[]> {
  return db.select({ id: units.id, code: units.code, parentId: units.parentId })
    .from(waveUnits).innerJoin(units, eq(units.id, waveUnits.unitId))
    .where(eq(waveUnits.waveId, waveId)).orderBy(units.code);
}

/**
 * Own staff per unit for a wave, from the population rows whose period is the wave code: a unit's
 * headcount includes its sub-units (interchange.md), so own staff = headcount − children's.
 */
export async function ownStaff(db: Db, waveCode: string, unitIds: number[]): Promise<Map<number, number>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ unit_id: number; own: number }>(db, sql`
    select p.unit_id, p.headcount - coalesce((
      select sum(c.headcount) from ${population} c join ${units} cu on cu.id = c.unit_id
      where cu.parent_id = p.unit_id and c.period = p.period and c.dimension = 'all' and c."group" = 'all'
    ), 0)::int as own
    from ${population} p
    where p.period = ${waveCode} and p.dimension = 'all' and p."group" = 'all'
      and p.unit_id in (${sql.join(unitIds.map((id) => sql`${id}`), sql`, `)})`);
  return new Map(rows.map((r) => [Number(r.unit_id), Math.max(0, Number(r.own))]));
}

/** Invitations already issued for a wave. */
export async function invitationCount(db: Db, waveId: number): Promise<number> {
  const [existing] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${invitations} where ${invitations.waveId} = ${waveId}`);
  return Number(existing?.n ?? 0);
}

/** Stores invitations (hashes) in one transaction, 1,000 rows per statement. */
export async function insertInvitations(db: Db, rows: NewInvitationRow[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(invitations).values(rows.slice(i, i + 1000));
  });
}

/** Stores one invitation (an open link's start). */
export async function insertInvitation(db: Db, row: NewInvitationRow): Promise<void> {
  await db.insert(invitations).values(row);
}

/** Replaces the open links of some units of a wave (one transaction). */
export async function replaceOpenLinks(db: Db, waveId: number, links: { codeHash: Buffer; unitId: number }[]): Promise<void> {
  await db.transaction(async (tx) => {
    if (links.length > 0) {
      await tx.delete(openLinks).where(and(eq(openLinks.waveId, waveId), inArray(openLinks.unitId, links.map((l) => l.unitId))));
      await tx.insert(openLinks).values(links.map((l) => ({ codeHash: l.codeHash, waveId, unitId: l.unitId })));
    }
  });
}

/** The open link stored under a code hash, or undefined. */
export async function findOpenLinkByHash(db: Db, codeHash: Buffer) {
  const [row] = await db.select().from(openLinks).where(eq(openLinks.codeHash, codeHash));
  return row;
}

export interface ClosedWaveCounts {
  used: number;
  unused: number;
  draftsDeleted: number;
}

/**
 * Closes a wave in one transaction: sets its closing time (once), deletes the drafts of its
 * invitations, and rewrites every invitation and response row of the wave, so they all carry
 * the same creating transaction id (`xmin`) instead of the submit transaction's.
 */
export async function closeWaveRows(db: Db, waveId: number, now: Date): Promise<ClosedWaveCounts> {
  return db.transaction(async (tx) => {
    await tx.update(waves).set({ closedAt: now }).where(and(eq(waves.id, waveId), sql`${waves.closedAt} is null`));
    const drafts = await queryRows<{ n: number }>(tx, sql`
      with d as (delete from drafts where token_hash in (select token_hash from invitations where wave_id = ${waveId}) returning 1)
      select count(*)::int as n from d`);
    const counts = await queryRows<{ used: number; unused: number }>(tx, sql`
      with u as (update invitations set used = used where wave_id = ${waveId} returning used)
      select count(*) filter (where used)::int as used, count(*) filter (where not used)::int as unused from u`);
    await tx.execute(sql`update responses set wave_id = wave_id where wave_id = ${waveId}`);
    return { used: counts[0]?.used ?? 0, unused: counts[0]?.unused ?? 0, draftsDeleted: drafts[0]?.n ?? 0 };
  });
}

/** Rewrites invitations and responses in key order (see services/invitations.ts closeWave). Takes a short exclusive lock. */
export async function sealTables(db: Db): Promise<void> {
  await db.execute(sql`cluster invitations using invitations_pkey`);
  await db.execute(sql`cluster responses using responses_pkey`);
}
