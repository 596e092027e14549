/**
 * The reporting dimensions are declared once (`REPORTING_DIMENSIONS` in @vw/questionnaire, groups
 * from the instrument): the table layout, the responses' columns, the population import and the
 * count SQL follow it, and no other source file spells a list of dimensions or of a dimension's
 * groups (decision 083).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORTING_DIMENSIONS, reportingDimensionGroups, werkbeleving } from '@vw/questionnaire';
import { getTableColumns } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GROUP_COLUMN_NAMES, groupColumns, groupColumnsOf, groupProperty } from '../src/db/dimensions.js';
import { responses } from '../src/db/schema.js';
import { reportingDimensions } from '../src/services/dimensions.js';
import { layoutFor } from '../src/tables/layout.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const GROUPS = reportingDimensionGroups(werkbeleving);
const NAMES = new Set<string>(REPORTING_DIMENSIONS);

/** Where a list of dimensions or of one dimension's groups is spelled in a piece of TypeScript. */
function spelledLists(file: string, text: string): string[] {
  const found: string[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const report = (node: ts.Node, what: string) => found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${what}`);
  const visit = (node: ts.Node) => {
    if (ts.isArrayLiteralExpression(node)) {
      const strings = node.elements.filter(ts.isStringLiteralLike).map((e) => e.text);
      if (strings.filter((s) => NAMES.has(s)).length >= 2) report(node, 'a list of dimension names');
      for (const d of REPORTING_DIMENSIONS) {
        if (strings.filter((s) => s !== 'onbekend' && GROUPS[d].includes(s)).length >= 2) report(node, `a list of ${d}'s groups`);
      }
    }
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) || ts.isStringLiteral(node)) {
      const words = new Set(node.text.match(/[a-z_]+/g) ?? []);
      if ([...NAMES].filter((n) => words.has(n)).length >= 2) report(node, 'dimension names in a string (SQL columns?)');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Svelte markup is not TypeScript: a quoted list there is found by pattern. */
function spelledInSvelte(file: string, text: string): string[] {
  const name = `'(?:${REPORTING_DIMENSIONS.join('|')})'`;
  return new RegExp(`${name}\\s*,\\s*${name}`).test(text) ? [`${file}: a list of dimension names`] : [];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|svelte)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

/** The declaration itself, the instrument that maps answers to groups, and the demo's synthetic answers. */
const ALLOWED = ['questionnaire/src/dimensions.ts', 'questionnaire/src/instruments/', 'api/src/demo/'];

describe('the reporting dimensions, declared once', () => {
  it('are the table layout\'s dimensions, with the instrument\'s groups', () => {
    const layout = layoutFor(werkbeleving);
    expect(layout.dimensions.map((d) => d.name)).toEqual([...REPORTING_DIMENSIONS]);
    for (const d of layout.dimensions) expect(d.groups).toEqual(GROUPS[d.name as keyof typeof GROUPS]);
    expect(werkbeleving.dimensions).toEqual(['all', ...REPORTING_DIMENSIONS]);
  });

  it('are the responses table\'s group columns, and the population import\'s dimensions', () => {
    const columns = getTableColumns(responses) as Record<string, { name: string }>;
    for (const d of REPORTING_DIMENSIONS) expect(columns[groupProperty(d)]?.name).toBe(d);
    expect(Object.keys(reportingDimensions())).toEqual([...REPORTING_DIMENSIONS]);
    expect(reportingDimensions().gender).toEqual(GROUPS.gender.filter((g) => g !== 'onbekend'));
  });

  it('give the stored row and the SQL their columns, in declaration order', () => {
    expect(groupColumns({ gender: 'vrouw', rank_group: 'officieren' })).toEqual({ gender: 'vrouw', ageBand: 'onbekend', personnelType: 'onbekend', rankGroup: 'officieren' });
    const dialect = new PgDialect();
    expect(dialect.sqlToQuery(GROUP_COLUMN_NAMES).sql).toBe('"gender", "age_band", "personnel_type", "rank_group"');
    expect(dialect.sqlToQuery(groupColumnsOf('r')).sql).toBe('"r"."gender", "r"."age_band", "r"."personnel_type", "r"."rank_group"');
  });

  it('are spelled nowhere else in the sources', () => {
    const dirs = ['api/src', 'analysis/src', 'questionnaire/src', 'dashboard/src', 'survey/src', 'app-shared/src'];
    const files = dirs.flatMap((d) => sourceFiles(join(root, d))).map((f) => relative(root, f)).filter((f) => !ALLOWED.some((a) => f.startsWith(a)));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => {
      const text = readFileSync(join(root, f), 'utf8');
      return f.endsWith('.svelte') ? spelledInSvelte(f, text) : spelledLists(f, text);
    });
    expect(found).toEqual([]);
  });

  it.each([
    ['a list of dimension names', "export const DIMENSIONS = ['gender', 'age_band', 'personnel_type', 'rank_group'] as const;"],
    ['a list of groups', "export const RANKS = ['officieren', 'manschappen', 'onbekend'];"],
    ['SQL that names the columns', 'const q = sql`select grouping(r.gender, r.age_band)::int from responses r`;'],
  ])('the check finds %s', (_what, code) => {
    expect(spelledLists('x.ts', code)).toHaveLength(1);
  });
});
