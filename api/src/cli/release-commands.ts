/** `release build|export` and `report unit`: the frozen-release part of the command line. */
import { parseArgs } from 'node:util';
import type { Db } from '../db/client.js';
import { NotFoundError, UsageError } from '../errors.js';
import { buildRelease, getLatestRelease, getReleaseComparisons, getReleaseRows } from '../services/releases.js';
import { getUnitsByCode } from '../repositories/units.js';
import { releaseCsv, releaseRecord } from '../services/release-record.js';
import { outcomeOfError, type BuildOutcome } from '../services/release-builder.js';

/** A failed `release build --outcome json` whose outcome line is written: exit 1 and print nothing more. */
export class OutcomeReported extends Error {
  override name = 'OutcomeReported';
  constructor(readonly reported: unknown) {
    super('the outcome was reported on stdout');
  }
}

type Out = (line: string) => void;

export async function runReleaseCommand(db: Db, command: string, sub: string | undefined, rest: string[], out: Out): Promise<void> {
  if (command === 'release' && sub === 'build') {
    const { values } = parseArgs({ args: rest, options: { period: { type: 'string' }, org: { type: 'string' }, 'value-protection': { type: 'boolean' }, 'no-value-protection': { type: 'boolean' }, outcome: { type: 'string' } } });
    if (!values.period) throw new UsageError('release build needs --period P');
    if (values['value-protection'] && values['no-value-protection']) throw new UsageError('release build takes --value-protection or --no-value-protection, not both');
    if (values.outcome !== undefined && values.outcome !== 'json') throw new UsageError(`--outcome must be json, not "${values.outcome}"`);
    // Neither flag: VW_VALUE_PROTECTION, else the default (buildRelease, decision 047).
    const valueProtection = values['value-protection'] ? true : values['no-value-protection'] ? false : undefined;
    const json = values.outcome === 'json';
    // --outcome json (the API's child builder, decision 086): no progress lines, and one JSON line
    // on stdout with the summary or the error as the API shows it (no refused cell's numbers).
    try {
      const s = await buildRelease(db, values.period, {
        org: values.org, log: json ? () => {} : (l) => process.stderr.write(`${l}\n`),
        ...(valueProtection === undefined ? {} : { valueProtection }),
      });
      out(json ? JSON.stringify({ ok: true, release: { id: s.id, period: s.period, rows: s.rows, suppressed: s.suppressed } } satisfies BuildOutcome) : s.id);
    } catch (e) {
      if (!json) throw e;
      out(JSON.stringify(outcomeOfError(e)));
      throw new OutcomeReported(e);
    }
    return;
  }
  if (command === 'release' && sub === 'export') {
    const { values } = parseArgs({ args: rest, options: { period: { type: 'string' }, org: { type: 'string' }, scope: { type: 'string' }, format: { type: 'string' } } });
    if (!values.period) throw new UsageError('release export needs --period P');
    const format = values.format ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, not "${format}"`);
    const release = await getLatestRelease(db, values.period, values.org);
    const rows = await getReleaseRows(db, release.id, values.scope ? [values.scope] : undefined);
    if (values.scope && rows.length === 0) throw new NotFoundError(`release ${release.id} has no rows for scope ${values.scope}`);
    out(format === 'csv' ? releaseCsv(rows, values.period).trimEnd() : JSON.stringify(rows.map((r) => releaseRecord(r, values.period!)), null, 1));
    return;
  }
  if (command === 'report' && sub === 'unit') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { period: { type: 'string' }, org: { type: 'string' }, format: { type: 'string' } } });
    const unit = positionals[0];
    if (!unit) throw new UsageError('report unit needs a UNIT code');
    if (!values.period) throw new UsageError('report unit needs --period P');
    const format = values.format ?? 'json';
    if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be json or csv, not "${format}"`);
    if (!(await getUnitsByCode(db, [unit])).has(unit)) throw new NotFoundError(`unknown unit "${unit}"`);
    const release = await getLatestRelease(db, values.period, values.org);
    const rows = await getReleaseRows(db, release.id, [unit]);
    if (rows.length === 0) throw new NotFoundError(`unit ${unit} has no figures in release ${release.id}`);
    if (format === 'csv') { out(releaseCsv(rows, values.period).trimEnd()); return; }
    const all = rows.find((r) => r.dimension === 'all' && r.indicator === 'response_rate');
    // One label for every suppressed row (decision 040): a unit has its own report when any of its
    // `all`-column rows is published (as GET /releases/:id/units/:code says).
    const tooSmall = !rows.some((r) => r.dimension === 'all' && !r.suppressed);
    const comparisons = await getReleaseComparisons(db, release.id, [unit]);
    out(JSON.stringify({
      release: release.id, period: values.period, unit, frozenAt: release.frozenAt, rules: release.rules,
      ownReport: !tooSmall, respondents: all && !all.suppressed ? all.count : null, headcount: all && !all.suppressed ? all.n : null,
      rows: rows.map((r) => releaseRecord(r, values.period!)),
      comparisons: comparisons.map(({ releaseId: _r, ...c }) => c),
    }, null, 1));
    return;
  }
  throw new UsageError(`unknown command "${[command, sub].filter(Boolean).join(' ')}"`);
}
