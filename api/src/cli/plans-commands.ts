/** `plans import|export`: follow-up plans in the plans.csv format of interchange.md (decision 090). */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Db } from '../db/client.js';
import { fileProblem, UsageError } from '../errors.js';
import { exportPlans, importPlans, plansCsv, plansXlsx } from '../services/plans-interchange.js';

export const PLANS_USAGE = `  plans import FILE                            load follow-up plans from plans.csv (all or nothing)
  plans export --org ROOT [--unit U] [--format csv|xlsx] [--out FILE]
                                               plans with baseline, follow-up and effect (xlsx needs --out or a redirected stdout)
`;

type Out = (line: string) => void;

export async function runPlansCommand(db: Db, sub: string | undefined, rest: string[], out: Out): Promise<void> {
  if (sub === 'import') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
    const file = positionals[0];
    if (!file) throw new UsageError('plans import needs a FILE');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read file "${file}": ${fileProblem(e)}`);
    }
    const r = await importPlans(db, text, file);
    out(`plans: ${r.plans} plans with ${r.actions} actions stored`);
    return;
  }
  if (sub === 'export') {
    const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, unit: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } });
    if (!values.org) throw new UsageError('plans export needs --org ROOT');
    const format = values.format ?? 'csv';
    if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`--format must be csv or xlsx, not "${format}"`);
    if (format === 'xlsx' && !values.out && process.stdout.isTTY) throw new UsageError('an XLSX file is binary: give --out FILE or redirect the output to a file');
    const rows = await exportPlans(db, { org: values.org, unit: values.unit });
    const data = format === 'xlsx' ? plansXlsx(rows) : plansCsv(rows);
    if (values.out) {
      writeFileSync(values.out, data);
      out(`plans: ${rows.length} rows written to ${values.out}`);
    } else if (typeof data === 'string') {
      out(data.replace(/\r?\n$/, ''));
    } else {
      process.stdout.write(data);
    }
    return;
  }
  throw new UsageError(`unknown plans command "${sub ?? ''}" (import or export)\n\n${PLANS_USAGE}`);
}
