/**
 * Typed domain errors. One `app.onError` (server) and one CLI handler map them to responses and
 * exit codes (one way to fail per layer).
 */
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

/** Bad arguments to a command or request. */
export class UsageError extends Error {
  override name = 'UsageError';
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
