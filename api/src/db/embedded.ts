/**
 * One owner of the embedded database (decision 050).
 *
 * PGlite is a single PostgreSQL backend inside one process: two processes that open the same data
 * folder both write to it and corrupt it. So exactly one process opens a folder, and it says so in
 * an owner file next to the folder (`<dataDir>.owner`, JSON: pid, role, the process's start time,
 * and the port of its PostgreSQL-protocol server when it serves one):
 *
 * - the platform (`npm start`) owns the folder for as long as it runs and serves its database over
 *   the PostgreSQL protocol on a Unix socket next to the folder (mode 0600; 127.0.0.1 and a random
 *   port when the socket path would be too long), written to the owner file; every other
 *   process (the CLI, benches) connects to it exactly as to PostgreSQL;
 * - without a running platform, a CLI command owns the folder for its own short run; a second
 *   command waits for it, `npm start` is refused with a message saying what to do;
 * - an owner file whose process is gone (killed, crashed) is stale and is taken over.
 *
 * The protocol server serialises work per connection: a connection holds the database from its
 * first message until PostgreSQL reports it idle again (ReadyForQuery 'I': after a simple query or
 * an extended-protocol Sync outside a transaction, or after COMMIT/ROLLBACK), and the platform's
 * own in-process queries and transactions take the same gate. So a transaction of the CLI never
 * interleaves with one of the platform, in either direction.
 */
import { chmodSync, closeSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

export interface OwnerInfo {
  pid: number;
  role: 'platform' | 'cli';
  /** Process start time from /proc (Linux), so a reused pid is not mistaken for the owner. */
  procStart: string | null;
  port?: number;
  host?: string;
  /** Directory of the Unix socket `.s.PGSQL.<port>` (preferred over TCP: file permissions guard it). */
  socketDir?: string;
  since: string;
}

/** Refusals and open failures that the entry points print as one line and exit 1. */
export class EmbeddedDatabaseError extends Error {}

export function ownerFile(dataDir: string): string {
  return `${dataDir.replace(/\/+$/, '')}.owner`;
}

function procStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) may contain spaces, so count from its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote an owner file still runs (and is the same process). */
export function ownerAlive(info: OwnerInfo): boolean {
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (info.procStart !== null) {
    const now = procStart(info.pid);
    if (now !== null && now !== info.procStart) return false;
  }
  return true;
}

export function readOwner(dataDir: string): OwnerInfo | null {
  try {
    const info = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as OwnerInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

/** The live owner of a data folder, or null (a stale owner file is removed). */
export function liveOwner(dataDir: string): OwnerInfo | null {
  const info = readOwner(dataDir);
  if (info === null) return null;
  if (info.pid === process.pid) return info;
  if (ownerAlive(info)) return info;
  try {
    unlinkSync(ownerFile(dataDir));
  } catch {
    /* someone else removed it */
  }
  return null;
}

/** Takes the owner file atomically (O_EXCL); false when another process holds it. */
export function tryTakeOwnership(dataDir: string, role: OwnerInfo['role']): boolean {
  const file = ownerFile(dataDir);
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  const info: OwnerInfo = { pid: process.pid, role, procStart: procStart(process.pid), since: new Date().toISOString() };
  writeFileSync(fd, JSON.stringify(info));
  closeSync(fd);
  return true;
}

/** Records the port of the owner's protocol server (atomic rename, so readers never see half a file). */
export function recordServer(dataDir: string, where: { host: string; port: number } | { socketDir: string; port: number }): void {
  const info = readOwner(dataDir);
  if (!info || info.pid !== process.pid) throw new EmbeddedDatabaseError(`lost ownership of ${dataDir}`);
  const tmp = `${ownerFile(dataDir)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ ...info, ...where }));
  renameSync(tmp, ownerFile(dataDir));
}

export function releaseOwnership(dataDir: string): void {
  const info = readOwner(dataDir);
  if (info && info.pid === process.pid) {
    try {
      unlinkSync(ownerFile(dataDir));
    } catch {
      /* already gone */
    }
  }
}

/** A FIFO mutex: the one gate in front of the embedded database. */
export class Gate {
  #tail: Promise<void> = Promise.resolve();

  /** Waits for the gate; resolves with the function that opens it again. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.#tail;
    this.#tail = prev.then(() => next);
    return prev.then(() => release);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * The PGlite instance as the in-process drizzle driver sees it: `query`, `exec` and `transaction`
 * pass through the gate (a transaction holds it until it ends). Everything else is PGlite's own.
 */
export function gated(client: PGlite, gate: Gate): PGlite {
  const wrap = new Set(['query', 'exec', 'transaction', 'sql']);
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop === 'string' && wrap.has(prop) && typeof value === 'function') {
        return (...args: unknown[]) => gate.run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const MSG_QUERY = 0x51; // 'Q'
const MSG_SYNC = 0x53; // 'S'
const MSG_TERMINATE = 0x58; // 'X'
const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/**
 * How long a new connection waits for the database while another holds it (ms). Its startup takes
 * the gate like any message; a client whose transaction lasts longer (a backup, an import, a demo
 * load, a release build) would otherwise leave the next command waiting silently until its driver
 * gives up with `write CONNECT_TIMEOUT <socket>` (postgres.js: 30 s). So the wait is shorter than
 * that and ends with a FATAL error that says what is going on.
 */
export const STARTUP_WAIT_MS = 15_000;

/** A FATAL ErrorResponse (SQLSTATE 57P03, cannot_connect_now) with one message. */
function fatalCannotConnectNow(message: string): Buffer {
  const fields = Buffer.concat([
    ...[['S', 'FATAL'], ['V', 'FATAL'], ['C', '57P03'], ['M', message]].map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(5);
  head.write('E', 0, 'latin1');
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

/** One client connection: splits the byte stream into protocol messages and runs them in order. */
class Connection {
  #buffer = Buffer.alloc(0);
  #chain: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;
  #startup = true;
  #closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly gate: Gate,
    private readonly startupWaitMs: number,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data) => {
      this.#buffer = Buffer.concat([this.#buffer, data]);
      this.#drain();
    });
    socket.on('error', () => this.#close());
    socket.on('close', () => this.#close());
  }

  #drain(): void {
    for (;;) {
      const b = this.#buffer;
      if (this.#startup) {
        if (b.length < 8) return;
        const len = b.readInt32BE(0);
        if (b.length < len) return;
        const code = b.readInt32BE(4);
        this.#buffer = b.subarray(len);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          this.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          this.socket.end();
          return;
        }
        this.#startup = false;
        if (code !== PROTOCOL_3) {
          this.socket.end();
          return;
        }
        this.#enqueue(new Uint8Array(b.subarray(0, len)), null);
        continue;
      }
      if (b.length < 5) return;
      const len = 1 + b.readInt32BE(1);
      if (b.length < len) return;
      const message = new Uint8Array(b.subarray(0, len));
      this.#buffer = b.subarray(len);
      this.#enqueue(message, message[0]!);
    }
  }

  #enqueue(message: Uint8Array, type: number | null): void {
    this.#chain = this.#chain.then(() => this.#run(message, type)).catch(() => this.#close());
  }

  async #run(message: Uint8Array, type: number | null): Promise<void> {
    if (this.#closed) return;
    if (type === MSG_TERMINATE) {
      this.socket.end();
      return;
    }
    if (type === null) {
      this.#release = await this.#acquireWithin(this.startupWaitMs);
      if (this.#release === null) {
        const seconds = +(this.startupWaitMs / 1000).toFixed(1);
        this.socket.end(fatalCannotConnectNow(
          `the embedded database is busy: another command (or the platform itself) has held it inside one transaction for more than ${seconds} s, e.g. a backup, an import, a demo load or a release build; run this command again when that has finished`,
        ));
        this.#closed = true;
        return;
      }
    }
    this.#release ??= await this.gate.acquire();
    if (this.#closed) return this.#letGo();
    let tail = Buffer.alloc(0);
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(message, {
        onRawData: (data: Uint8Array) => {
          if (data.length === 0) return;
          // A copy: `data` may be a view of PGlite's memory, reused before a queued write is sent.
          const copy = Buffer.from(data);
          if (!this.socket.destroyed) this.socket.write(copy);
          tail = Buffer.concat([tail, copy]).subarray(-6);
        },
      }),
    );
    // The connection gives the database back when PostgreSQL says it is idle: ReadyForQuery 'I'.
    const idle = tail.length === 6 && tail[0] === 0x5a && tail[5] === 0x49;
    if ((type === null || type === MSG_QUERY || type === MSG_SYNC) && idle) this.#letGo();
  }

  /** The gate within `ms`, or null (a grant that comes later is handed straight back). */
  async #acquireWithin(ms: number): Promise<(() => void) | null> {
    const grant = this.gate.acquire();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ms); });
    const first = await Promise.race([grant, late]);
    clearTimeout(timer);
    if (first === null) void grant.then((release) => release());
    return first;
  }

  #letGo(): void {
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.socket.destroy();
    // A client that vanished inside a transaction (killed CLI): roll it back, then open the gate.
    this.#chain = this.#chain.then(async () => {
      if (this.#release === null) return;
      try {
        // exec takes PGlite's query mutex itself (runExclusive around it would deadlock).
        if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
      } catch {
        /* the backend is left as PostgreSQL leaves it */
      } finally {
        this.#letGo();
      }
    });
  }
}

/** The port number in the socket file name `.s.PGSQL.<port>` (only a name, as libpq uses it). */
export const SOCKET_PORT = 5432;

/**
 * Serves an open PGlite over the PostgreSQL wire protocol: on a Unix socket in `socketDir` (mode
 * 0600, so only this user can connect) when the path fits, else on host:port (0 = any free port).
 */
export async function serveProtocol(
  db: PGlite, gate: Gate, listen: { socketDir: string } | { host: string; port?: number }, options: { startupWaitMs?: number } = {},
): Promise<{ server: Server; where: { socketDir: string; port: number } | { host: string; port: number }; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new Connection(socket, db, gate, options.startupWaitMs ?? STARTUP_WAIT_MS);
  });
  let where: { socketDir: string; port: number } | { host: string; port: number };
  if ('socketDir' in listen) {
    const path = `${listen.socketDir}/.s.PGSQL.${SOCKET_PORT}`;
    rmSync(path, { force: true }); // left by a killed owner; we own the folder now
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    chmodSync(path, 0o600);
    where = { socketDir: listen.socketDir, port: SOCKET_PORT };
  } else {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port ?? 0, listen.host, () => resolve());
    });
    const address = server.address();
    where = { host: listen.host, port: typeof address === 'object' && address ? address.port : 0 };
  }
  return {
    server,
    where,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One readable line for a data folder PGlite cannot open, and what to do about it. */
export function openFailure(dataDir: string, cause: unknown): EmbeddedDatabaseError {
  const what = cause instanceof Error ? `${cause.name}: ${cause.message}`.split('\n')[0]!.slice(0, 200) : 'unknown error';
  return new EmbeddedDatabaseError(
    `the embedded database in ${dataDir} cannot be opened (${what}). ` +
      `Move the folder aside (mv ${dataDir} ${dataDir}.broken) and start again for an empty database, ` +
      `then restore your last backup with: pnpm cli db restore FILE`,
  );
}
