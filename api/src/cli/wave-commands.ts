/** `wave create | invite | open-links | items | close` (interchange.md, "The command line"). */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { csvEscape } from '../csv/parse.js';
import type { Database } from '../db/client.js';
import { env } from '../env.js';
import { UsageError } from '../errors.js';
import { closeWave, createInvitations, createOpenLinks, invitationLink, openLinkUrl } from '../services/invitations.js';
import { createWaveFromCodes, setOwnItems } from '../services/wave-admin.js';

export const WAVE_USAGE = `  wave create --code W --org ROOT --instrument ID@VERSION --units all|U1,U2 --opens DATE --closes DATE [--kind census|sample]
                                               create a survey wave
  wave invite --wave W [--unit U] [--count N]  create invitations; prints CSV unit,link (the only time a token is shown)
  wave open-links --wave W [--unit U]          open-link mode: prints CSV unit,link,code (one access code per unit)
  wave items --wave W --unit U FILE            a unit's own items (JSON array, at most 5), before the wave opens
  wave close --wave W                          close a wave: unused invitations stop working
`;

type Out = (line: string) => void;


function surveyBaseUrl(): string {
  const e = env();
  return e.SURVEY_PUBLIC_URL ?? `http://${e.HOST}:${e.SURVEY_PORT}`;
}

function parseDate(flag: string, value: string | undefined): Date {
  if (!value) throw new UsageError(`wave create needs --${flag} DATE`);
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--${flag}: "${value}" is not a date (YYYY-MM-DD or an ISO date-time)`);
  return d;
}

export async function runWaveCommand(database: Database, sub: string | undefined, args: string[], out: Out): Promise<void> {
  const { db } = database;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      code: { type: 'string' }, org: { type: 'string' }, instrument: { type: 'string' }, units: { type: 'string' },
      opens: { type: 'string' }, closes: { type: 'string' }, kind: { type: 'string' },
      wave: { type: 'string' }, unit: { type: 'string' }, count: { type: 'string' },
    },
  });
  if (sub === 'create') {
    for (const flag of ['code', 'org', 'instrument', 'units'] as const) {
      if (!values[flag]) throw new UsageError(`wave create needs --${flag}`);
    }
    const kind = values.kind ?? 'census';
    if (kind !== 'census' && kind !== 'sample') throw new UsageError(`--kind must be census or sample, not "${kind}"`);
    const w = await createWaveFromCodes(db, {
      code: values.code!, org: values.org!, instrument: values.instrument!,
      units: values.units === 'all' ? 'all' : values.units!.split(',').map((u) => u.trim()).filter(Boolean),
      opens: parseDate('opens', values.opens), closes: parseDate('closes', values.closes), kind,
    });
    out(`wave ${w.code} created (${w.kind}), open ${w.opensAt.toISOString()} – ${w.closesAt.toISOString()}`);
    return;
  }
  if (!values.wave) throw new UsageError(`wave ${sub ?? ''} needs --wave W`);
  if (sub === 'invite') {
    const count = values.count === undefined ? undefined : Number(values.count);
    if (count !== undefined && !Number.isInteger(count)) throw new UsageError(`--count must be a whole number, not "${values.count}"`);
    const issued = await createInvitations(db, values.wave, { unit: values.unit, count });
    const base = surveyBaseUrl();
    out('unit,link');
    for (const i of issued) out(`${csvEscape(i.unit)},${csvEscape(invitationLink(base, i.token))}`);
    return;
  }
  if (sub === 'open-links') {
    const issued = await createOpenLinks(db, values.wave, values.unit);
    const base = surveyBaseUrl();
    out('unit,link,code');
    for (const i of issued) out(`${csvEscape(i.unit)},${csvEscape(openLinkUrl(base, i.token))},${i.token}`);
    return;
  }
  if (sub === 'items') {
    if (!values.unit) throw new UsageError('wave items needs --unit U');
    const file = positionals[0];
    if (!file) throw new UsageError('wave items needs a FILE with a JSON array of items');
    let items: unknown;
    try {
      items = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new UsageError(`cannot read JSON from "${file}"`);
    }
    if (!Array.isArray(items)) throw new UsageError('the items file must hold a JSON array');
    const r = await setOwnItems(db, values.wave, values.unit, items);
    out(`unit ${values.unit} of wave ${values.wave} now answers ${r.ref}`);
    return;
  }
  if (sub === 'close') {
    const s = await closeWave(db, values.wave);
    out(`wave ${values.wave} closed: ${s.used} invitations used, ${s.unused} unused invitations stopped working, ${s.draftsDeleted} drafts deleted`);
    return;
  }
  throw new UsageError(`unknown wave command "${sub ?? ''}" (create, invite, open-links, items or close)`);
}
