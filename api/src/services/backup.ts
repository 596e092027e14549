/**
 * Logical backup and restore (decision 052), the same on PostgreSQL and on the embedded database.
 *
 * A backup is one consistent snapshot: every table of the public schema read in a single
 * REPEATABLE READ, READ ONLY transaction (on a running platform too), written as JSON lines:
 *
 *   {"format":"veilig-werk-backup","version":1,"created":…,"migrations":{"count":N,"last":HASH},
 *    "tables":[{"name":"organisations","rows":3},…]}
 *   {"table":"organisations"}
 *   {…one row, as PostgreSQL's row_to_json writes it…}
 *   …
 *
 * (gzip-compressed when the file name ends in `.gz`). Rows are written in primary-key order, never
 * in physical order: for invitations (token hash) and responses (random UUID) that order is
 * random, so the file carries no submission order; it has no xmin, ctid or timestamp beyond the
 * columns themselves, so it holds no link between an invitation and a response that the live
 * tables do not (docs/anonymity.md, docs/privacy.md). Sign-in sessions are not backed up.
 *
 * A restore goes into an empty, migrated database at the same migration, in one transaction: all
 * or nothing.
 */
import { createReadStream, createWriteStream, existsSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { fileProblem, UsageError } from '../errors.js';

export const BACKUP_FORMAT = 'veilig-werk-backup';
export const BACKUP_VERSION = 1;
/** Not backed up: sign-in sessions and rate-limit state (secrets and counters that only matter to the running servers). */
const SKIPPED = new Set(['sessions', 'rate_limit_buckets', 'rate_limit_keys']);

interface Header {
  format: string;
  version: number;
  created: string;
  migrations: { count: number; last: string | null };
  tables: { name: string; rows: number }[];
}

const ident = (name: string): SQL => sql.raw(`"${name.replace(/"/g, '""')}"`);

/** Tables of the public schema, parents before children (foreign keys), sessions left out. */
async function tablesInOrder(db: Db): Promise<{ name: string; key: string[]; serial: string[] }[]> {
  const tables = await queryRows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
  const edges = await queryRows<{ child: string; parent: string }>(db, sql`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = 'public'`);
  const keys = await queryRows<{ name: string; col: string; pos: number }>(db, sql`
    select c.conrelid::regclass::text as name, a.attname as col, k.ord::int as pos
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    cross join lateral unnest(c.conkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
    where c.contype = 'p' and n.nspname = 'public' order by 1, 3`);
  const serials = await queryRows<{ name: string; col: string }>(db, sql`
    select table_name as name, column_name as col from information_schema.columns
    where table_schema = 'public' and column_default like 'nextval(%'`);
  const strip = (s: string) => s.replace(/^public\./, '').replace(/^"|"$/g, '');
  const names = tables.map((t) => t.name).filter((n) => !SKIPPED.has(n));
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const e of edges) {
    const child = strip(e.child);
    const parent = strip(e.parent);
    if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  }
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const p of parents.get(n) ?? []) visit(p);
    order.push(n);
  };
  for (const n of names) visit(n);
  return order.map((name) => ({
    name,
    key: keys.filter((k) => strip(k.name) === name).map((k) => k.col),
    serial: serials.filter((s) => s.name === name).map((s) => s.col),
  }));
}

async function migrationState(db: Db): Promise<Header['migrations']> {
  const rows = await queryRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations order by created_at, id`);
  return { count: rows.length, last: rows.at(-1)?.hash ?? null };
}

export interface BackupSummary {
  tables: number;
  rows: number;
}

/** Every table in one REPEATABLE READ, READ ONLY transaction: the header and the JSON lines. */
async function snapshot(db: Db): Promise<{ header: Header; lines: string[] }> {
  const lines: string[] = [];
  let header: Header | undefined;
  await db.transaction(
    async (tx) => {
      const tables = await tablesInOrder(tx as unknown as Db);
      const migrations = await migrationState(tx as unknown as Db);
      const counts: Header['tables'] = [];
      for (const t of tables) {
        const order = t.key.length ? sql.join(t.key.map((k) => sql`t.${ident(k)}`), sql`, `) : sql`1`;
        const rows = await queryRows<{ j: string }>(tx as unknown as Db, sql`select row_to_json(t)::text as j from ${ident(t.name)} t order by ${order}`);
        lines.push(JSON.stringify({ table: t.name }));
        for (const r of rows) lines.push(r.j);
        counts.push({ name: t.name, rows: rows.length });
      }
      header = { format: BACKUP_FORMAT, version: BACKUP_VERSION, created: new Date().toISOString(), migrations, tables: counts };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  return { header: header!, lines };
}

/**
 * Writes a consistent backup of the whole database to `file`. The file is opened first, so a
 * folder that does not exist or cannot be written is said at once, in one line (`cannot write
 * backup file "F": why`), before the database is read; a backup that fails leaves no file behind
 * that could pass for one.
 */
export async function backupDatabase(db: Db, file: string): Promise<BackupSummary> {
  const cannotWrite = (e: unknown) => new UsageError(`cannot write backup file "${file}": ${fileProblem(e)}`);
  const out = createWriteStream(file, { mode: 0o600 });
  try {
    await once(out, 'open');
  } catch (e) {
    throw cannotWrite(e);
  }
  out.on('error', () => {}); // a failure while the database is read surfaces in the pipeline below
  try {
    const { header, lines } = await snapshot(db);
    async function* content() {
      yield `${JSON.stringify(header)}\n`;
      for (const l of lines) yield `${l}\n`;
    }
    const source = Readable.from(content());
    await (file.endsWith('.gz') ? pipeline(source, createGzip(), out) : pipeline(source, out)).catch((e: unknown) => {
      throw cannotWrite(e);
    });
    return { tables: header.tables.length, rows: header.tables.reduce((sum, t) => sum + t.rows, 0) };
  } catch (e) {
    out.destroy();
    rmSync(file, { force: true });
    throw e;
  }
}

async function readBackup(file: string): Promise<{ header: Header; sections: Map<string, string[]> }> {
  if (!existsSync(file)) throw new UsageError(`backup file "${file}" does not exist`);
  const input = createReadStream(file);
  const stream = file.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  let header: Header | undefined;
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  let line = 0;
  try {
    for await (const text of reader) {
      line += 1;
      if (text === '') continue;
      if (!header) {
        let h: Header;
        try {
          h = JSON.parse(text) as Header;
        } catch {
          throw new UsageError(`${file} is not a backup of this platform (line 1 is not its header)`);
        }
        if (h.format !== BACKUP_FORMAT) throw new UsageError(`${file} is not a backup of this platform (format "${String(h.format)}")`);
        if (h.version !== BACKUP_VERSION) throw new UsageError(`${file} is backup format version ${h.version}; this version reads ${BACKUP_VERSION}`);
        header = h;
        continue;
      }
      if (text.startsWith('{"table":')) {
        const name = (JSON.parse(text) as { table: string }).table;
        current = [];
        sections.set(name, current);
        continue;
      }
      if (!current) throw new UsageError(`${file}, line ${line}: a row before any table`);
      current.push(text);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file} cannot be read (${(e as Error).message}); is it a complete backup?`);
  }
  if (!header) throw new UsageError(`${file} is empty`);
  for (const t of header.tables) {
    const got = sections.get(t.name)?.length ?? 0;
    if (got !== t.rows) throw new UsageError(`${file} is incomplete: table ${t.name} has ${got} rows, its header says ${t.rows}`);
  }
  return { header, sections };
}

/**
 * Restores a backup into this (migrated) database, which must be empty and at the backup's
 * migration. All or nothing.
 */
export async function restoreDatabase(db: Db, file: string): Promise<BackupSummary> {
  const { header, sections } = await readBackup(file);
  const here = await migrationState(db);
  if (here.count !== header.migrations.count || here.last !== header.migrations.last) {
    throw new UsageError(`the backup was taken at migration ${header.migrations.count}, this database is at ${here.count}: restore it with the platform version that wrote it`);
  }
  const tables = await tablesInOrder(db);
  const known = new Set(tables.map((t) => t.name));
  for (const t of header.tables) if (!known.has(t.name)) throw new UsageError(`the backup has a table "${t.name}" that this database does not`);
  let rows = 0;
  await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    for (const t of tables) {
      const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${ident(t.name)}`);
      if (n > 0) throw new UsageError(`the database is not empty (table ${t.name} has ${n} rows): restore into a new database (embedded: move DATA_DIR aside first; PostgreSQL: createdb, then DATABASE_URL=… pnpm cli db restore FILE)`);
    }
    for (const t of tables) {
      const lines = sections.get(t.name) ?? [];
      // A table that refers to itself (units.parent_id) goes in one statement: its foreign key is
      // checked at the end of the statement, whatever the row order.
      const batch = t.name === 'units' || lines.length < 2000 ? Math.max(lines.length, 1) : 2000;
      for (let i = 0; i < lines.length; i += batch) {
        const json = `[${lines.slice(i, i + batch).join(',')}]`;
        await tx.execute(sql`insert into ${ident(t.name)} select * from json_populate_recordset(null::${ident(t.name)}, ${json}::json)`);
      }
      rows += lines.length;
      for (const col of t.serial) {
        await tx.execute(sql`select setval(pg_get_serial_sequence(${t.name}, ${col}), coalesce((select max(${ident(col)}) from ${ident(t.name)}), 1), (select count(*) > 0 from ${ident(t.name)}))`);
      }
    }
  });
  return { tables: tables.length, rows };
}

/** Row counts of every backed-up table (for checks after a restore). */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await tablesInOrder(db)) {
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${ident(t.name)}`);
    out[t.name] = n;
  }
  return out;
}
