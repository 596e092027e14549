/**
 * Download file names are made by the server from server-side values only, reduced to a safe
 * alphabet: a name can never close the quoted `filename` parameter, add a second one, or carry a
 * line break into the header (issue 13: `filename="…"; filename="evil.bat.csv"`).
 *
 * @example downloadName('W2024 "x"\r\n') // 'W2024_x_'
 */
export function downloadName(raw: string): string {
  const safe = raw.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100);
  return safe || 'download';
}
