import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../src/index.js';

const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
const files = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort();

describe('migrations folder', () => {
  it('lists every SQL file in the journal, in order, and nothing else', () => {
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    expect(journal.entries.map((e) => e.idx)).toEqual(files.map((_, i) => i));
  });

  it('never links invitations or drafts to responses', () => {
    const all = files.map((f) => readFileSync(join(migrationsFolder, f), 'utf8')).join('\n');
    const fks = [...all.matchAll(/ALTER TABLE "(\w+)" ADD CONSTRAINT "[^"]+" FOREIGN KEY \([^)]*\) REFERENCES "public"\."(\w+)"/g)]
      .map((m) => [m[1], m[2]]);
    expect(fks.length).toBeGreaterThan(5);
    for (const [from, to] of fks) {
      const pair = [from, to];
      expect(pair.includes('responses') && (pair.includes('invitations') || pair.includes('drafts')), `${from} -> ${to}`).toBe(false);
    }
  });

  it('gives responses no timestamp column', () => {
    const create = readFileSync(join(migrationsFolder, files[0]!), 'utf8').split('--> statement-breakpoint').find((s) => s.includes('CREATE TABLE "responses"'))!;
    expect(create).toBeDefined();
    expect(create).not.toMatch(/timestamp/i);
  });
});
