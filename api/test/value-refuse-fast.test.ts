/**
 * Decision 049: a value-checked build over a history built without the check is refused as soon
 * as one indicator has counts no withdrawal frees (earlier releases pin them), not after every
 * indicator; the refusal names the indicator, the cells, the earlier releases and what to do, and
 * nothing is frozen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql } from '../src/db/client.js';
import { AuditFailedError, buildRelease, UnfreeableCountsError } from '../src/services/releases.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { SMALL_ORGANISATION, valueFixture } from './helpers/value-fixture.js';

let t: TestDatabase;
const releaseIds = async () => (await queryRows<{ id: string }>(t.db, sql`select id from releases order by id`)).map((r) => r.id);

beforeAll(async () => {
  t = await createTestDatabase();
  await valueFixture(t.db, SMALL_ORGANISATION, { k: 5, kVictims: 3 });
}, 120_000);
afterAll(async () => { await t?.destroy(); });

describe('release build --value-protection over a history built without it', () => {
  it('stops at the first indicator whose counts no withdrawal frees, says why, and freezes nothing', async () => {
    await buildRelease(t.db, 'VAL-2024', { valueProtection: false });
    expect(await releaseIds()).toEqual(['VAL-2024-r1']);
    const log: string[] = [];
    const err = await buildRelease(t.db, 'VAL-2024', { valueProtection: true, log: (l) => log.push(l) }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UnfreeableCountsError);
    // The same kind of refusal as a failed audit (the CLI and the API treat it alike).
    expect(err).toBeInstanceOf(AuditFailedError);
    const e = err as UnfreeableCountsError;
    // What, where, why and what to do.
    expect(e.message).toMatch(/^the release failed its audit; it was not frozen: the value check cannot protect sv_experienced\|any\|all of VAL-2024: \d+ of its counts stay pinned whatever this release withdraws \(stopped there; \d+ more indicators not checked\)/);
    expect(e.failures.length).toBeGreaterThan(0);
    for (const f of e.failures) {
      expect(f.grid).toBe('sv_experienced|any|all');
      expect(f.cellId).toContain('|VAL'); // a cell of this release or (prefixed with its id) an earlier one
      expect(['value:pinned', 'value:insider']).toContain(f.check);
    }
    expect(e.message).toContain(`  sv_experienced|any|all ${e.failures[0]!.cellId}: ${e.failures[0]!.check} — count `);
    expect(e.message).toContain('VAL-2024-r1 (built without the value check)');
    expect(e.message).toContain('what to do: build this release without the check (--no-value-protection)');
    // One indicator was protected; the build stopped there (no per-indicator audit lines after it).
    const perIndicator = log.filter((l) => l.startsWith('  '));
    expect(perIndicator).toHaveLength(1);
    expect(perIndicator[0]).toMatch(/^ {2}sv_experienced\|any\|all: \d+ counts stay pinned \(or open to an insider\) whatever is withdrawn; stopped after .* \(\d+ LPs\), \d+ indicators not checked$/);
    expect(await releaseIds()).toEqual(['VAL-2024-r1']);
  }, 120_000);
});
