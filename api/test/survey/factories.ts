/** Factories for survey tests: an organisation with units, a wave, invitations, complete answers. */
import { eq } from 'drizzle-orm';
import type { Answers } from '@vw/questionnaire';
import type { Db } from '../../src/db/client.js';
import { organisations } from '../../src/db/schema.js';
import { importPopulation } from '../../src/services/import-population.js';
import { importUnits } from '../../src/services/import-units.js';
import { createInvitations } from '../../src/services/invitations.js';
import { createWaveFromCodes, type CreateWaveInput } from '../../src/services/wave-admin.js';

export const ORG = 'TST';
export const REPORTING_POINT = 'https://meldpunt.example.org/melden';

/** Organisation TST with units TST-A and TST-B (and TST-A1 below TST-A). */
export async function createOrganisation(db: Db): Promise<void> {
  await importUnits(db, [
    'code,parent,name,level,excluded_from_pooling,valid_from,valid_to',
    'TST,,Testorganisatie,organisatie,,,',
    'TST-A,TST,Afdeling A,afdeling,,,',
    'TST-A1,TST-A,Team A1,team,,,',
    'TST-B,TST,Afdeling B,afdeling,,,',
  ].join('\n'), 'units.csv');
  await db.update(organisations).set({ reportingPointUrl: REPORTING_POINT, minGroupSize: 7 }).where(eq(organisations.code, ORG));
}

export async function createPopulation(db: Db, wave: string): Promise<void> {
  await importPopulation(db, [
    'unit,period,dimension,group,headcount',
    `TST,${wave},all,all,20`,
    `TST-A,${wave},all,all,12`,
    `TST-A1,${wave},all,all,5`,
    `TST-B,${wave},all,all,6`,
  ].join('\n'), 'population.csv');
}

const DAY = 86_400_000;

/** An open wave over all units of TST (opened yesterday, closes in a week), unless overridden. */
export async function createOpenWave(db: Db, overrides: Partial<CreateWaveInput> = {}) {
  return createWaveFromCodes(db, {
    code: 'TST-W1', org: ORG, instrument: 'werkbeleving-sv@1', units: 'all',
    opens: new Date(Date.now() - DAY), closes: new Date(Date.now() + 7 * DAY), kind: 'census',
    ...overrides,
  });
}

export async function tokens(db: Db, wave: string, unit: string, count: number): Promise<string[]> {
  return (await createInvitations(db, wave, { unit, count })).map((i) => i.token);
}

/** Every shown item answered; `victim` decides the social-safety path. */
export function completeAnswers(victim: boolean): Answers {
  const a: Answers = {};
  for (const code of ['wl1', 'wl2', 'wl3', 'ld1', 'ld2', 'ld3', 'tm1', 'tm2', 'tm3', 'bt1', 'bt2', 'bt3', 'ps1', 'ps2', 'ps3', 'ps4', 'ps5', 'vk1', 'vk2', 'vk3', 'vk4', 'sv_safe']) a[code] = 4;
  a['sat'] = 7;
  a['sv_team_observed'] = 2;
  a['sv_experienced'] = victim ? 3 : 1;
  if (victim) {
    a['sv_form'] = ['pesten', 'discriminatie'];
    a['sv_discr_ground'] = ['leeftijd'];
    a['sv_perpetrator'] = ['collega'];
    a['sv_discussed'] = ['vertrouwenspersoon'];
    a['sv_reported'] = 'nee';
    a['sv_not_reported'] = ['gevolgen'];
  }
  for (const code of ['sv_aware_where', 'sv_aware_complaints', 'sv_aware_vp', 'sv_aware_code']) a[code] = 'ja';
  a['sv_willing'] = 4;
  a['sv_channel'] = 'vertrouwenspersoon';
  a['sv_trust'] = 3;
  a['sv_fear'] = 2;
  a['gender'] = 'vrouw';
  a['age_band'] = '35_44';
  a['personnel_type'] = 'militair';
  a['rank_mil'] = 'onderofficieren';
  return a;
}
