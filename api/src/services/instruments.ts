/**
 * Instruments and their immutable published versions. The reference instruments shipped with
 * `@vw/questionnaire` are registered on first use.
 */
import { DefinitionError, isReportingDimension, parseDefinition, referenceInstruments, REPORTING_DIMENSIONS, type InstrumentDefinition } from '@vw/questionnaire';
import { findInstrumentVersion, insertInstrumentVersion, listInstrumentVersions, type InstrumentVersion } from '../repositories/instruments.js';
import type { Db } from '../db/client.js';
import { ConflictError, NotFoundError, UsageError, ValidationError } from '../errors.js';
import { findControlCharacters } from '../input.js';

export { getInstrumentVersionById, type InstrumentVersion } from '../repositories/instruments.js';

/** Splits `ID@VERSION`. */
export function parseInstrumentRef(ref: string): { code: string; version: number } {
  const m = /^([a-z0-9][a-z0-9_-]*)@(\d+)$/i.exec(ref);
  if (!m) throw new UsageError(`"${ref}" is not an instrument reference of the form ID@VERSION`);
  return { code: m[1]!, version: Number(m[2]) };
}

/**
 * Where an instrument's reporting dimensions differ from the platform's (decision 083): each
 * response stores one group per declared dimension and every table is counted by them, so an
 * instrument that leaves one out or adds another would be accepted here and then fail at its
 * first table build. (`@vw/questionnaire` itself allows any dimensions: its tests use others.)
 */
export function reportingDimensionIssues(def: InstrumentDefinition): { path: string; reason: string }[] {
  const declared = REPORTING_DIMENSIONS.join(', ');
  const issues: { path: string; reason: string }[] = [];
  def.dimensions.forEach((d, i) => {
    if (d !== 'all' && !isReportingDimension(d)) {
      issues.push({ path: `dimensions.${i}`, reason: `"${d}" is not one of the platform's reporting dimensions (${declared}): responses cannot be stored or counted by it; remove it (a new reporting dimension needs REPORTING_DIMENSIONS and a responses column first)` });
    }
  });
  const missing = REPORTING_DIMENSIONS.filter((d) => !def.dimensions.includes(d));
  if (missing.length > 0) {
    issues.push({ path: 'dimensions', reason: `missing ${missing.join(', ')}: every instrument reports by the platform's reporting dimensions (${declared}), with its background items or derived dimensions of those codes` });
  }
  return issues;
}

/** A parsed definition the platform can store responses of and count; else a ValidationError naming each problem. */
function publishable(def: InstrumentDefinition): InstrumentDefinition {
  const issues = reportingDimensionIssues(def);
  if (issues.length > 0) throw new ValidationError(issues, `${def.id}@${def.version} cannot be published: its reporting dimensions differ from the platform's`);
  return def;
}

/** Publishes a new version (validated); fails if that version exists. */
export async function publishVersion(db: Db, definition: unknown): Promise<InstrumentVersion> {
  return insertInstrumentVersion(db, publishable(parseDefinition(definition)));
}

/** The stored version `ID@VERSION`, registering a shipped reference instrument when needed. */
export async function getInstrumentVersion(db: Db, ref: string): Promise<InstrumentVersion> {
  const { code, version } = parseInstrumentRef(ref);
  const row = await findInstrumentVersion(db, code, version);
  if (row) return { id: row.id, ref, definition: parseDefinition(row.definition) };
  const shipped = referenceInstruments[`${code}@${version}`];
  if (!shipped) throw new NotFoundError(`unknown instrument version "${ref}"`);
  return publishVersion(db, shipped);
}

/** Every instrument with its versions (title and number of items each), for the admin's list. */
export async function listInstrumentSummaries(db: Db) {
  const byCode = new Map<string, { code: string; versions: { version: number; publishedOn: string; title: InstrumentDefinition['title'] | null; items: number }[] }>();
  for (const r of await listInstrumentVersions(db)) {
    const entry = byCode.get(r.code) ?? { code: r.code, versions: [] };
    const def = r.definition as InstrumentDefinition;
    entry.versions.push({ version: r.version, publishedOn: r.publishedOn, title: def.title ?? null, items: def.items?.length ?? 0 });
    byCode.set(r.code, entry);
  }
  return [...byCode.values()];
}

/** A published version with its definition; `version` as typed in a URL. */
export async function getPublishedVersion(db: Db, code: string, version: string) {
  // The column is a 32-bit integer: a longer number names no version.
  if (!/^[0-9]+$/.test(version) || Number(version) > 2_147_483_647) throw new NotFoundError(`unknown instrument version ${code}@${version}`);
  const row = await findInstrumentVersion(db, code, Number(version));
  if (!row) throw new NotFoundError(`unknown instrument version ${code}@${version}`);
  return { code, version: Number(version), publishedOn: row.publishedOn, definition: row.definition as InstrumentDefinition };
}

/**
 * Publishes the definition in a request body (JSON text), checked by @vw/questionnaire's
 * `parseDefinition` (every issue, with its path) after the control-character check every JSON
 * body gets; a version number already published is a conflict (published versions never change).
 */
export async function publishDefinitionText(db: Db, body: string) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = null; // parseDefinition reports it
  }
  const control = findControlCharacters(json);
  if (control.length > 0) throw new ValidationError(control, 'the instrument definition is not valid');
  let def;
  try {
    def = parseDefinition(body);
  } catch (error) {
    if (error instanceof DefinitionError) {
      throw new ValidationError(error.issues.map((i) => ({ path: i.path.join('.'), reason: i.reason })), 'the instrument definition is not valid');
    }
    throw error;
  }
  publishable(def);
  if (await findInstrumentVersion(db, def.id, def.version)) {
    throw new ConflictError(`${def.id}@${def.version} is already published; published versions never change, publish a new version number`);
  }
  const published = await publishVersion(db, def);
  return { ref: published.ref, code: def.id, version: def.version };
}
