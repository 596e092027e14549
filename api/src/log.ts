/**
 * Operational logs: one JSON object per line on stderr (`{"time","level","msg",...}`), with the
 * request id on every line written while a request is handled.
 *
 * What never goes into a line: tokens, answers, passwords, cookies, request bodies, query strings
 * and client addresses. Callers pass only fields from the allow-list below; anything else is
 * dropped, so a careless call cannot leak a secret. Errors keep their name, message and stack
 * (server-side only, never in a response body); database errors are logged without their
 * parameters, which can hold tokens or answers.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { env } from './env.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Fields a log line may carry besides time, level, msg and the request id. */
const ALLOWED = new Set(['method', 'route', 'status', 'ms', 'bytes', 'service', 'port', 'pid', 'database', 'code', 'count', 'detail', 'cells']);

export interface LogFields {
  method?: string;
  /** The matched route pattern (`/reports/unit/:code`), never the concrete path. */
  route?: string;
  status?: number;
  ms?: number;
  bytes?: number;
  service?: string;
  port?: number;
  pid?: number;
  database?: string;
  code?: string;
  count?: number;
  detail?: string;
  /** Disclosure cells a refused release names (`grid cell: check`), never their counts. */
  cells?: readonly string[];
  err?: unknown;
}

const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` with `requestId` attached to every line it logs. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestContext.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** Long random-looking strings (tokens, codes, session ids) cut out of error messages and stacks. */
const SECRETISH = /[A-Za-z0-9_-]{20,}/g;

let threshold: number | undefined;
function level(): number {
  threshold ??= RANK[env().LOG_LEVEL];
  return threshold;
}
let sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

/** Sets the level (from LOG_LEVEL) and, for tests, where lines go. */
export function configureLog(options: { level?: LogLevel | 'silent'; sink?: (line: string) => void }): void {
  if (options.level) threshold = RANK[options.level];
  if (options.sink) sink = options.sink;
}

/** Error details for the log: name, message and stack; a database error's query parameters dropped. */
export function describeError(err: unknown): { name: string; message: string; stack?: string; cause?: unknown } {
  if (!(err instanceof Error)) return { name: typeof err, message: String(err).slice(0, 500) };
  // drizzle wraps driver errors as "Failed query: <sql>\nparams: <values>": the values can be
  // tokens or answers, the SQL text is useful.
  const scrub = (s: string) => s.replace(/\nparams: [\s\S]*?(?=\n\s+at |$(?![\s\S]))/, '\nparams: [not logged]').replace(SECRETISH, '[redacted]');
  const out: { name: string; message: string; stack?: string; cause?: unknown } = { name: err.name, message: scrub(err.message) };
  if (err.stack) out.stack = scrub(err.stack);
  if (err.cause !== undefined) out.cause = describeError(err.cause);
  return out;
}

export function log(lineLevel: LogLevel, msg: string, fields: LogFields = {}): void {
  if (RANK[lineLevel] < level()) return;
  const line: Record<string, unknown> = { time: new Date().toISOString(), level: lineLevel, msg };
  const requestId = currentRequestId();
  if (requestId) line['requestId'] = requestId;
  for (const [k, v] of Object.entries(fields)) {
    if (ALLOWED.has(k) && v !== undefined) line[k] = v;
  }
  if (fields.err !== undefined) line['err'] = describeError(fields.err);
  sink(JSON.stringify(line));
}

export const logger = {
  debug: (msg: string, fields?: LogFields) => log('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => log('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => log('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => log('error', msg, fields),
};
