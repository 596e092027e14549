/**
 * Retention of raw responses (decision 053, docs/privacy.md).
 *
 * A wave's raw responses (and its spent invitations and open links) are kept for the
 * organisation's `response_retention_years` after the wave's first release was frozen, then
 * deleted by `pnpm cli db retention`. Releases stay: they are the published, protected tables.
 * The wave keeps its definition and gets `responses_deleted_at`; any later computation that needs
 * its responses (a wave release, a pooled window, the pending-window protection of a later wave)
 * is refused by `assertResponsesKept` with a clear error instead of counting a wave as empty.
 * A wave without a frozen release is never deleted by retention (nothing has been published yet).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { NotFoundError } from '../errors.js';

export { assertResponsesKept } from '../repositories/waves.js';

export interface RetentionItem {
  organisation: string;
  wave: string;
  frozenAt: string;
  expiredOn: string;
  responses: number;
  invitations: number;
}

export interface RetentionResult {
  deleted: RetentionItem[];
  /** Closed waves whose responses are kept, and until when (or why). */
  kept: { organisation: string; wave: string; until: string | null; reason: string }[];
}

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/**
 * Deletes the raw responses whose retention has expired at `now` (all organisations, or the one
 * whose root is `org`). `dryRun` reports without deleting. One transaction: all or nothing.
 */
export async function applyRetention(db: Db, opts: { org?: string | undefined; now?: Date; dryRun?: boolean } = {}): Promise<RetentionResult> {
  const now = opts.now ?? new Date();
  if (opts.org) {
    const [o] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from organisations where code = ${opts.org}`);
    if (!o || o.n === 0) throw new NotFoundError(`no organisation "${opts.org}"`);
  }
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const waves = await queryRows<{ id: number; code: string; org: string; years: number; frozen: string | null; closed: boolean }>(tx, sql`
      select w.id, w.code, o.code as org, o.response_retention_years as years,
        (select min(r.frozen_at) from releases r where r.organisation_id = w.organisation_id and r.kind = 'wave' and r.period = w.code)::text as frozen,
        (w.closed_at is not null or w.closes_at <= ${now.toISOString()}::timestamptz) as closed
      from waves w join organisations o on o.id = w.organisation_id
      where w.responses_deleted_at is null ${opts.org ? sql`and o.code = ${opts.org}` : sql``}
      order by o.code, w.closes_at, w.code`);
    const result: RetentionResult = { deleted: [], kept: [] };
    for (const w of waves) {
      if (!w.closed) continue;
      if (w.frozen === null) {
        result.kept.push({ organisation: w.org, wave: w.code, until: null, reason: 'no frozen release yet' });
        continue;
      }
      const expires = new Date(w.frozen);
      expires.setUTCFullYear(expires.getUTCFullYear() + w.years);
      if (expires > now) {
        result.kept.push({ organisation: w.org, wave: w.code, until: day(expires), reason: `${w.years} years after its release of ${day(w.frozen)}` });
        continue;
      }
      const [counts] = await queryRows<{ responses: number; invitations: number }>(tx, sql`
        select (select count(*)::int from responses where wave_id = ${w.id}) as responses,
               (select count(*)::int from invitations where wave_id = ${w.id}) as invitations`);
      result.deleted.push({ organisation: w.org, wave: w.code, frozenAt: day(w.frozen), expiredOn: day(expires), responses: counts!.responses, invitations: counts!.invitations });
      if (opts.dryRun) continue;
      await tx.execute(sql`delete from responses where wave_id = ${w.id}`);
      await tx.execute(sql`delete from invitations where wave_id = ${w.id}`); // drafts go with them (cascade)
      await tx.execute(sql`delete from open_links where wave_id = ${w.id}`);
      await tx.execute(sql`update waves set responses_deleted_at = ${now.toISOString()}::timestamptz where id = ${w.id}`);
    }
    return result;
  });
}

