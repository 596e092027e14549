/**
 * The errors of the service layer (and of the HTTP guard in front of it). Services and tables
 * throw only these; `http/error-response.ts` maps every one of them to one response shape
 * (`{ error: { code, message, issues? } }`), the CLI (cli/main.ts) to a message and exit code 1.
 * The sign-in layer has its own (`auth/errors.ts`). Decision 080.
 */
import type { ResponseIssue } from '@vw/questionnaire';

export interface RowIssue {
  line: number;
  column: string;
  reason: string;
}

/** A file was rejected: every bad row is listed, nothing was written. */
export class ImportError extends Error {
  readonly issues: RowIssue[];
  constructor(readonly file: string, issues: RowIssue[]) {
    super(`${file}: ${issues.length} error${issues.length === 1 ? '' : 's'}; nothing was imported`);
    this.name = 'ImportError';
    // Sorted by line (file-level issues, line 0, first), so a report reads top to bottom like the file.
    this.issues = [...issues].sort((a, b) => a.line - b.line);
  }

  /** A human-readable report, one issue per line. */
  report(limit = 200): string {
    const shown = this.issues.slice(0, limit).map((i) => `  line ${i.line}, column ${i.column || '-'}: ${i.reason}`);
    const more = this.issues.length > limit ? [`  … and ${this.issues.length - limit} more`] : [];
    return [this.message, ...shown, ...more].join('\n');
  }
}

/** Something the user asked for does not exist. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** A request that is well-formed but not allowed in the current state (e.g. a closed wave). */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/**
 * A release that was not frozen because its disclosure audit failed (409 over HTTP). `message`
 * names the cells with their counts and intervals, for the operator who runs `release build`;
 * `publicMessage` says what happened without a cell or a number (the response); `cells` names
 * the cells and checks without a number (the server log).
 */
export class ReleaseRefusedError extends Error {
  override name = 'ReleaseRefusedError';
  constructor(message: string, readonly publicMessage: string, readonly cells: readonly string[] = []) {
    super(message);
  }
}

/** Bad arguments to a command or request (422 over HTTP: the request breaks a rule). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FieldIssue {
  /** Dotted path of the offending field (`minGroupSize`, `definition.items.3.code`). */
  path: string;
  reason: string;
}

function validationMessage(issues: FieldIssue[]): string {
  const fields = [...new Set(issues.map((i) => i.path).filter(Boolean))];
  return fields.length > 0 ? `the request is not valid: ${fields.join(', ')}` : 'the request is not valid';
}

/** A request that does not fit its schema or a rule of the resource: 422 with one issue per field. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(readonly issues: FieldIssue[], message = validationMessage(issues)) {
    super(message);
  }
}

/** Error codes of the respondent API (body `{ error: { code, message, issues? } }`). */
export type SurveyErrorCode =
  | 'invalid'
  | 'bad_request'
  | 'invalid_token'
  | 'already_submitted'
  | 'wave_closed'
  | 'wave_not_open'
  | 'invalid_answers'
  | 'rate_limited'
  | 'payload_too_large';

/** A respondent-facing failure with its HTTP status. */
export class SurveyError extends Error {
  override name = 'SurveyError';
  constructor(
    readonly status: 404 | 409 | 422 | 429,
    readonly code: SurveyErrorCode,
    message: string,
    readonly issues?: ResponseIssue[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * The database cannot take a connection for a while (503 over HTTP, with Retry-After): SQLSTATE
 * 57P03, cannot_connect_now. The embedded database's socket says so when another client has held
 * it inside one transaction longer than a new connection waits (a backup, an import, a release
 * build: decision 050); PostgreSQL says so while it starts or stops. The message is the server's.
 */
export class UnavailableError extends Error {
  override name = 'UnavailableError';
}

/** SQLSTATE of "cannot connect now" (the server is busy, starting or stopping). */
export const CANNOT_CONNECT_NOW = '57P03';

/** The database error behind `err` (drizzle wraps it as the cause of "Failed query: …") if it is a 57P03. */
export function cannotConnectNow(err: unknown): Error | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if ((e as Error & { code?: unknown }).code === CANNOT_CONNECT_NOW) return e;
  }
  return undefined;
}

/** A request whose URL (path or query) or body framing is unusable: 400 naming the fields. */
export class BadRequestError extends Error {
  override name = 'BadRequestError';
  constructor(message: string, readonly issues: { path: string; reason: string }[] = []) {
    super(message);
  }
}

/** A request body over the route's limit: 413 before anything reads it. */
export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`requests to this route are limited to ${maxBytes} bytes`);
  }
}

/**
 * Why a file could not be read or written, in words (for `cannot read file "X": …`), from a
 * Node.js file-system error; never its stack.
 */
export function fileProblem(e: unknown): string {
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EISDIR': return 'it is a folder, not a file';
    case 'ENOTDIR': return 'a part of the path is not a folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOSPC': return 'the disk is full';
    case 'EROFS': return 'the file system is read-only';
    default: return e instanceof Error ? e.message.split('\n')[0]! : 'unknown failure';
  }
}
