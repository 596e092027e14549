/**
 * Writes an organisation's responses as responses.csv (interchange.md) for the comparison with
 * the tools researchers use (R). `npx tsx bench/export-responses.ts OUT.csv [--org DEF]`
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { answersToCsvRow, csvColumns, werkbeleving, type Answers } from '../questionnaire/src/index.js';
import { csvEscape } from '../api/src/csv/parse.js';
import { openDatabase, queryRows, sql, targetFromEnv } from '../api/src/db/client.js';
import { env } from '../api/src/env.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { org: { type: 'string', default: 'DEF' } } });
const file = positionals[0];
if (!file) throw new Error('usage: export-responses.ts OUT.csv');
const database = await openDatabase(targetFromEnv(env()));
const cols = csvColumns(werkbeleving);
const out = createWriteStream(file);
out.write(`${['response_id', 'wave', 'unit', 'submitted_on', ...cols].join(',')}\n`);
let last = '00000000-0000-0000-0000-000000000000';
let n = 0;
for (;;) {
  const rows = await queryRows<{ id: string; wave: string; unit: string; day: string; answers: Answers }>(database.db, sql`
    select r.id::text as id, w.code as wave, u.code as unit, r.submitted_on::text as day, r.answers
    from responses r join waves w on w.id = r.wave_id join units u on u.id = r.unit_id
    join organisations o on o.id = w.organisation_id
    where o.code = ${values.org!} and r.id > ${last}::uuid order by r.id limit 20000`);
  if (rows.length === 0) break;
  for (const r of rows) {
    const rec = answersToCsvRow(werkbeleving, r.answers);
    out.write(`${[r.id, r.wave, r.unit, r.day, ...cols.map((c) => csvEscape(rec[c] ?? ''))].join(',')}\n`);
  }
  n += rows.length;
  last = rows[rows.length - 1]!.id;
}
await new Promise((resolve) => out.end(resolve));
console.error(`${n} responses written to ${file}`);
await database.close();
