/**
 * Storing anonymous responses. The reporting groups, the victim flag and the scale scores are
 * derived here, once, with the questionnaire model, so that reporting is a GROUP BY.
 */
import { deriveValidatedResponse, type Answers, type InstrumentDefinition } from '@vw/questionnaire';
import type { Db } from '../db/client.js';
import { groupColumns } from '../db/dimensions.js';
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

/**
 * `item=value` for every answered item except open text, and `item=*` for answered multi items
 * (for single items "answered" is the sum of their values). Count tables unnest these.
 */
export function answerFacts(def: InstrumentDefinition, answers: Answers): string[] {
  const out: string[] = [];
  for (const item of def.items) {
    const v = answers[item.code];
    if (v === undefined || item.type === 'text') continue;
    if (Array.isArray(v)) {
      for (const o of v) out.push(`${item.code}=${o}`);
      out.push(`${item.code}=*`);
    } else out.push(`${item.code}=${v}`);
  }
  return out;
}

/**
 * The row stored for a response whose answers `validateResponse` has returned as valid (every
 * caller validates first, with its own error reporting; deriving does not validate again).
 */
export function responseRow(def: InstrumentDefinition, r: NewResponse): typeof responses.$inferInsert {
  const d = deriveValidatedResponse(def, r.answers);
  return {
    id: r.id, waveId: r.waveId, unitId: r.unitId, instrumentVersionId: r.instrumentVersionId,
    submittedOn: r.submittedOn, ...groupColumns(d.groups), victim: d.bases.victims ?? false, answers: d.answers, scores: d.scales,
    facts: answerFacts(def, d.answers),
  };
}

/** Inserts already-validated responses in batches (call inside a transaction for atomicity). */
export async function insertResponses(db: Db, def: InstrumentDefinition, rows: readonly NewResponse[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(responses).values(rows.slice(i, i + 1000).map((r) => responseRow(def, r)));
  }
}
