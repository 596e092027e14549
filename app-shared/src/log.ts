/**
 * The apps' operational log: JSON lines on stderr, one per server error, with the request id the
 * response carried (`x-request-id`), the route pattern (`/t/[token]`, never the concrete path)
 * and the error's stack. Long random-looking strings (tokens, codes, session ids) are cut out of
 * the stack; the error's message is left out (page code can put form values or report data in it),
 * the stack frames are kept. Answers, form fields, cookies and addresses are never passed in.
 */
const SECRETISH = /[A-Za-z0-9_-]{20,}/g;

export interface ServerErrorFields {
  requestId?: string | undefined;
  route: string | null;
  status: number;
  error: unknown;
}

export function logServerError(service: 'survey' | 'dashboard', fields: ServerErrorFields): void {
  const e = fields.error;
  const err = e instanceof Error
    ? { name: e.name, stack: e.stack?.split('\n').slice(1).join('\n').replace(SECRETISH, '[redacted]') }
    : { name: typeof e };
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', service, msg: 'server error', requestId: fields.requestId, route: fields.route, status: fields.status, err })}\n`);
}
