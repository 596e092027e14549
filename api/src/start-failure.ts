/**
 * Why the platform could not start, in one line with what to do (decision 051: never a stack).
 * PostgreSQL is first reached when the platform migrates: a database that does not exist and a
 * server that does not answer are the two mistakes a person trying `DATABASE_URL=… npm start` makes.
 */
export function startFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = String((err as { code?: unknown }).code ?? '');
  const first = err.message.split('\n')[0]!;
  if (code === '3D000') {
    const name = /database "(.+)" does not exist/.exec(first)?.[1];
    return `${first}: create it first (${name ? `createdb ${name}` : 'createdb'}), or point DATABASE_URL at a database that exists`;
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT') {
    return `no PostgreSQL server answers at the address in DATABASE_URL (${first}): start the server, or correct DATABASE_URL`;
  }
  if (code === '28P01' || code === '28000') return `${first}: check the user and password in DATABASE_URL`;
  return first;
}
