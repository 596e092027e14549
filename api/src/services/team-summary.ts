/**
 * "You said, we did" (issue 14, decision 090): a one-page team summary a commander publishes for
 * their unit. It holds published headline figures of one frozen wave release of the unit (never a
 * suppressed cell: suppressed rows are skipped, not blanked) and the unit's focus areas with their
 * actions. Respondents see the latest summary published before their wave opened.
 */
import { HEADLINE_WITH_RESPONSE_RATE } from '@vw/questionnaire';
import { and, eq } from 'drizzle-orm';
import { canReadUnit } from '../auth/access.js';
import { AuthError } from '../auth/errors.js';
import { ValidationError } from '../errors.js';
import type { SessionUser } from '../auth/session.js';
import type { Db } from '../db/client.js';
import { invitations, waves, waveUnits } from '../db/schema.js';
import { ACCESS_CODE_LENGTH, findOpenLink, hashCode, normaliseCode, sameHash, TOKEN_LENGTH } from './invitations.js';
import { NotFoundError } from '../errors.js';
import * as repo from '../repositories/plans.js';
import { canWritePlans, type ActionStatus, type ActionType } from './plans.js';

/** Headline indicators of a team summary (the unit report's headline set). */
export const SUMMARY_INDICATORS = HEADLINE_WITH_RESPONSE_RATE;

export interface TeamSummary {
  unit: { code: string; name: string };
  release: string;
  period: string;
  publishedAt: string;
  figures: { indicator: string; option: string; base: string; value: number; ciLow: number; ciHigh: number; n: number }[];
  focusAreas: {
    indicator: string; option: string; base: string; goal: string;
    /** The baseline figure when it was published; null when suppressed. */
    value: number | null;
    actions: { text: string; type: ActionType; due: string; status: ActionStatus }[];
  }[];
}

/** Builds the content of a summary from the frozen release: published rows only. */
async function buildContent(db: Db, unit: repo.UnitRow, release: repo.WaveRelease): Promise<Omit<TeamSummary, 'publishedAt'>> {
  const headline = new Set<string>(SUMMARY_INDICATORS);
  const rows = await repo.getAllRows(db, release.releaseId, unit.code);
  const figures = rows.filter((r) => r.group === 'all' && headline.has(r.indicator) && !r.suppressed && r.value !== null)
    .map((r) => ({ indicator: r.indicator, option: r.option, base: r.base, value: r.value!, ciLow: r.ciLow!, ciHigh: r.ciHigh!, n: r.n! }));
  const plans = (await repo.listPlansOfUnits(db, [unit.id])).filter((p) => p.baselinePeriod === release.period);
  const actions = await repo.listActions(db, plans.map((p) => p.id));
  const focusAreas = [];
  for (const p of plans) {
    const cell = await repo.getCell(db, p.baselineReleaseId, unit.code, p);
    focusAreas.push({
      indicator: p.indicator, option: p.option, base: p.base, goal: p.goal,
      value: cell && !cell.suppressed ? cell.value : null,
      actions: actions.filter((a) => a.planId === p.id && a.status !== 'dropped').map((a) => ({ text: a.text, type: a.type, due: a.due, status: a.status })),
    });
  }
  return { unit: { code: unit.code, name: unit.name }, release: release.releaseId, period: release.period, figures, focusAreas };
}

/** Publishes the summary of a unit's wave release (default: the latest one with its focus areas). Commander of the unit only. */
export async function publishTeamSummary(db: Db, user: SessionUser, code: string, releaseId?: string): Promise<TeamSummary> {
  const unit = await repo.getUnitByCode(db, code);
  if (!unit || !(await canReadUnit(db, user, unit.id))) throw new AuthError(403, 'forbidden', 'you may not read this unit');
  if (!canWritePlans(user, unit.id)) throw new AuthError(403, 'forbidden', 'only the commander of this unit may publish its team summary');
  const list = await repo.waveReleases(db, unit.organisationId);
  let release: repo.WaveRelease | undefined;
  if (releaseId !== undefined) {
    release = list.find((w) => w.releaseId === releaseId);
    if (!release) throw new ValidationError([{ path: 'release', reason: `${releaseId} is not the latest build of a wave release of this organisation` }]);
  } else {
    const periods = new Set((await repo.listPlansOfUnits(db, [unit.id])).map((p) => p.baselinePeriod));
    release = [...list].reverse().find((w) => periods.has(w.period));
    if (!release) throw new ValidationError([{ path: 'unit', reason: `${code} has no plan yet: choose focus areas before telling the team` }]);
  }
  const content = await buildContent(db, unit, release);
  if (content.figures.length === 0) throw new ValidationError([{ path: 'release', reason: `${code} has no published figures in ${release.releaseId}` }]);
  const row = await db.transaction(async (tx) => {
    const s = await repo.insertTeamSummary(tx as unknown as Db, { unitId: unit.id, releaseId: release.releaseId, content, userId: user.id });
    await repo.audit(tx as unknown as Db, user.id, 'team_summary.publish', `${code}@${release.releaseId}`);
    return s;
  });
  return { ...content, publishedAt: row.publishedAt.toISOString() };
}

function toSummary(row: { content: unknown; publishedAt: Date }): TeamSummary {
  return { ...(row.content as Omit<TeamSummary, 'publishedAt'>), publishedAt: row.publishedAt.toISOString() };
}

/** The latest published summary of a unit, for those who may read the unit. */
export async function teamSummaryFor(db: Db, user: SessionUser, code: string): Promise<TeamSummary | null> {
  const unit = await repo.getUnitByCode(db, code);
  if (!unit || !(await canReadUnit(db, user, unit.id))) throw new AuthError(403, 'forbidden', 'you may not read this unit');
  const row = await repo.latestTeamSummary(db, unit.id);
  return row ? toSummary(row) : null;
}

/**
 * The summary respondents of a wave unit see: the unit's latest summary published before the wave
 * opened (so nothing appears while a wave is open that was not there when it opened).
 */
export async function teamSummaryForWaveUnit(db: Db, waveId: number, unitId: number): Promise<TeamSummary | null> {
  const [w] = await db.select({ opensAt: waves.opensAt }).from(waves).innerJoin(waveUnits, and(eq(waveUnits.waveId, waves.id), eq(waveUnits.unitId, unitId)))
    .where(eq(waves.id, waveId));
  if (!w) throw new NotFoundError('no such wave unit');
  const row = await repo.latestTeamSummary(db, unitId, w.opensAt);
  return row ? toSummary(row) : null;
}

/**
 * The wave unit behind a respondent's invitation token or a unit's open-link code (only hashes are
 * stored), or undefined. Reveals nothing about the respondent: the unit is what the link names.
 */
export async function waveUnitOfLink(db: Db, link: { token: string } | { code: string }): Promise<{ waveId: number; unitId: number } | undefined> {
  if ('code' in link) {
    const canonical = normaliseCode(link.code, ACCESS_CODE_LENGTH);
    return canonical === null ? undefined : findOpenLink(db, canonical);
  }
  const canonical = normaliseCode(link.token, TOKEN_LENGTH);
  if (canonical === null) return undefined;
  const h = hashCode(canonical);
  const [row] = await db.select({ tokenHash: invitations.tokenHash, waveId: invitations.waveId, unitId: invitations.unitId }).from(invitations).where(eq(invitations.tokenHash, h));
  if (!row || !sameHash(row.tokenHash, h)) return undefined;
  return { waveId: row.waveId, unitId: row.unitId };
}
