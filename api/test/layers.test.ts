/**
 * The import-graph check (decision 080): ESLint's `no-restricted-imports`, configured per layer in
 * api/layers.config.js, passes on the sources as they are and fails on each kind of back-import.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

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
  ])('fail on %s', async (_name, file, code) => {
    expect(await lintAs(file, `${code}\nexport const x = 1;\n`)).toHaveLength(1);
  });

  it('let imports run down', async () => {
    expect(await lintAs('api/src/routes/releases/x.ts', "import { buildRelease } from '../../services/releases.js';\nexport const x = buildRelease;\n")).toEqual([]);
    expect(await lintAs('api/src/services/x.ts', "import { getUnitsByCode } from '../repositories/units.js';\nexport const x = getUnitsByCode;\n")).toEqual([]);
  });
});
