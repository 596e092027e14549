/**
 * Storing anonymous responses. The reporting groups, the victim flag and the scale scores are
 * derived here, once, with the questionnaire model, so that reporting is a GROUP BY.
 */
import { isVictim, reportingGroups, scaleScores, type Answers, type InstrumentDefinition } from '@vw/questionnaire';
import type { Db } from '../db/client.js';
import { responses } from '../db/schema.js';

export interface NewResponse {
  id: string;
  waveId: number;
  unitId: number;
  instrumentVersionId: number;
  /** `YYYY-MM-DD`; never a finer time. */
  submittedOn: string;
  answers: Answers;
}

/** The row stored for a validated response. */
export function responseRow(def: InstrumentDefinition, r: NewResponse): typeof responses.$inferInsert {
  const g = reportingGroups(def, r.answers);
  return {
    id: r.id, waveId: r.waveId, unitId: r.unitId, instrumentVersionId: r.instrumentVersionId,
    submittedOn: r.submittedOn, gender: g.gender, ageBand: g.age_band, personnelType: g.personnel_type,
    rankGroup: g.rank_group, victim: isVictim(def, r.answers), answers: r.answers, scores: scaleScores(def, r.answers),
  };
}

/** Inserts already-validated responses in batches (call inside a transaction for atomicity). */
export async function insertResponses(db: Db, def: InstrumentDefinition, rows: readonly NewResponse[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(responses).values(rows.slice(i, i + 1000).map((r) => responseRow(def, r)));
  }
}
