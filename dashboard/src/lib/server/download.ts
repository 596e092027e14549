/**
 * `Content-Disposition` for downloads. Names are built from server-side values (a release id, a
 * unit code and period from the API) and reduced to a safe alphabet, never taken from the request:
 * a name cannot end the quoted parameter, add a second `filename`, or carry a line break.
 *
 * @example attachment('W24 "x"', 'csv') // 'attachment; filename="W24_x_.csv"'
 */
export function attachment(name: string, extension: 'csv' | 'pdf' | 'xlsx'): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100) || 'download';
  return `attachment; filename="${safe}.${extension}"`;
}
