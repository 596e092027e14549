/**
 * The import-graph check (decision 080): ESLint's `no-restricted-imports`, configured per layer in
 * api/layers.config.js, passes on the sources as they are and fails on each kind of back-import.
 * The route shape (decision 081): a route module exports routers built at load time (plus schemas
 * and constants), never a function that makes one over a database or a configuration.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenAPIHono } from '@hono/zod-openapi';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { router } from '../src/http/openapi.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function layerErrors(files: string[]) {
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}:${m.line} ${m.message}`));
}

async function lintAs(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the API\'s layers', () => {
  it('hold in the sources: no import runs back up', async () => {
    expect(await layerErrors(['api/src/**/*.ts'])).toEqual([]);
  }, 120_000);

  it.each([
    ['a route importing the command line', 'api/src/routes/releases/x.ts', "import { runReleaseCommand } from '../../cli/release-commands.js';"],
    ['a service importing a route', 'api/src/services/x.ts', "import type { SurveySession } from '../routes/survey/contract.js';"],
    ['a service importing the HTTP layer', 'api/src/services/x.ts', "import { router } from '../http/openapi.js';"],
    ['a table importing a service', 'api/src/tables/x.ts', "import { assertResponsesKept } from '../services/retention.js';"],
    ['a repository importing a table', 'api/src/repositories/x.ts', "import { buildTable } from '../tables/build.js';"],
    ['the database layer importing a repository', 'api/src/db/x.ts', "import { getUnitsByCode } from '../repositories/units.js';"],
    ['the HTTP layer importing a route', 'api/src/http/x.ts', "import { authRoutes } from '../routes/auth/index.js';"],
    ['a route importing drizzle', 'api/src/routes/releases/x.ts', "import { eq } from 'drizzle-orm';"],
    ['a route importing the database schema', 'api/src/routes/admin/x.ts', "import { organisations } from '../../db/schema.js';"],
    ['a route taking the database type (a factory over db)', 'api/src/routes/waves/x.ts', "import type { Db } from '../../db/client.js';"],
    ['a route importing a repository', 'api/src/routes/survey/x.ts', "import { getWaveById } from '../../repositories/waves.js';"],
    ['the sign-in layer importing the database schema', 'api/src/auth/x.ts', "import { users } from '../db/schema.js';"],
    ['the sign-in layer importing drizzle', 'api/src/auth/x.ts', "import { eq } from 'drizzle-orm';"],
    ['the sign-in layer importing a route', 'api/src/auth/x.ts', "import { authRoutes } from '../routes/auth/index.js';"],
    ['a table importing drizzle', 'api/src/tables/x.ts', "import { sql } from 'drizzle-orm';"],
    ['a table importing the database schema', 'api/src/tables/x.ts', "import { waves } from '../db/schema.js';"],
  ])('fail on %s', async (_name, file, code) => {
    expect(await lintAs(file, `${code}\nexport const x = 1;\n`)).toHaveLength(1);
  });

  it('let imports run down', async () => {
    expect(await lintAs('api/src/routes/releases/x.ts', "import { buildRelease } from '../../services/releases.js';\nexport const x = buildRelease;\n")).toEqual([]);
    expect(await lintAs('api/src/services/x.ts', "import { getUnitsByCode } from '../repositories/units.js';\nexport const x = getUnitsByCode;\n")).toEqual([]);
    expect(await lintAs('api/src/services/x.ts', "import { eq } from 'drizzle-orm';\nexport const x = eq;\n")).toEqual([]);
    expect(await lintAs('api/src/auth/x.ts', "import type { Db } from '../db/client.js';\nimport { getUnitByCode } from '../repositories/units.js';\nexport const x = (db: Db) => getUnitByCode(db, 'A');\n")).toEqual([]);
  });
});

/** What a route module exports that is not a router, a schema or a constant: a function (a factory). */
function routeShapeProblems(file: string, exports: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value === 'function') problems.push(`${file}: ${name} is a function; export the router itself and read db/config from the context (decision 081)`);
  }
  return problems;
}

describe('the route shape', () => {
  const dir = fileURLToPath(new URL('../src/routes', import.meta.url));
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts')).map((d) => join(d.parentPath, d.name)).sort();

  it('holds in every route module: routers, schemas and constants, no factory', async () => {
    const problems: string[] = [];
    let routers = 0;
    for (const file of files) {
      const exports = await import(file) as Record<string, unknown>;
      problems.push(...routeShapeProblems(file.slice(dir.length), exports));
      routers += Object.values(exports).filter((v) => v instanceof OpenAPIHono).length;
    }
    expect(problems).toEqual([]);
    // admin (and its four parts), auth, plans, releases, survey, waves
    expect(routers).toBe(10);
  }, 60_000);

  it('fails on a factory over the database', () => {
    const waveRoutes = (_db: unknown, _surveyBaseUrl: string) => router();
    expect(routeShapeProblems('/waves/index.ts', { waveRoutes, MAX: 5 })).toHaveLength(1);
    expect(routeShapeProblems('/waves/index.ts', { waveRoutes: router(), MAX: 5 })).toEqual([]);
  });
});
