/**
 * The API's layers as lint rules (docs/decisions/080-api-layers-and-contract.md, 081): imports run
 * down only. routes → http, auth, services → repositories, tables → repositories → db; cli beside routes, using
 * services; `errors.ts`, `input.ts`, `log.ts`, `env.ts` at the top of src/ for everyone. Routes
 * reach the database only through services: no drizzle-orm, db/ or repositories/ in a route (type
 * imports included), so a route cannot run a query nor be a factory over the database; auth/
 * keeps its SQL in repositories/ too (no drizzle-orm or db/schema), and so does tables/. A
 * back-import fails `pnpm lint` (test/layers.test.ts proves the rule fires).
 */
const up = {
  routes: { group: ['**/routes/**', '**/routes/*.js'], message: 'routes/ is the top layer: nothing below it imports a route (decision 080).' },
  cli: { group: ['**/cli/**'], message: 'cli/ is a front end like routes/: nothing else imports it (decision 080).' },
  http: { group: ['**/http/**'], message: 'http/ (guard, contract, error mapping) sits above the services: they do not import it (decision 080).' },
  app: { group: ['**/app.js', '**/main.js', '**/server.js'], message: 'the app and its entry points are imported by nobody below them (decision 080).' },
  services: { group: ['**/services/**', '**/auth/**'], message: 'repositories/, tables/ and db/ sit below the services and auth: they do not import them (decision 080).' },
  tables: { group: ['**/tables/**'], message: 'repositories/ and db/ sit below tables/ (decision 080).' },
  repositories: { group: ['**/repositories/**'], message: 'db/ is the bottom layer (decision 080).' },
  sql: {
    group: ['**/repositories/**', '**/db/**', 'drizzle-orm', 'drizzle-orm/**'],
    message: 'a route reaches the database through services/ only, with the db it reads from the context: no drizzle-orm, db/ or repositories/ in routes/ (decision 081).',
  },
  query: {
    group: ['**/db/schema', '**/db/schema.js', 'drizzle-orm', 'drizzle-orm/**'],
    message: 'auth/ holds the sign-in and access rules; its SQL is in repositories/ (decision 081).',
  },
  tableQuery: {
    group: ['**/db/schema', '**/db/schema.js', 'drizzle-orm', 'drizzle-orm/**'],
    message: 'tables/ computes figures from what repositories/ read (the count query included): no drizzle-orm or db/schema in tables/ (decision 081).',
  },
};

const restrict = (...layers) => ({ 'no-restricted-imports': ['error', { patterns: layers.map((l) => up[l]) }] });

export const apiLayers = [
  { files: ['api/src/routes/**/*.ts'], rules: restrict('cli', 'app', 'sql') },
  { files: ['api/src/http/**/*.ts'], rules: restrict('routes', 'cli', 'app') },
  { files: ['api/src/{services,csv,demo}/**/*.ts', 'api/src/{errors,input,log,env}.ts'], rules: restrict('routes', 'cli', 'http', 'app') },
  { files: ['api/src/auth/**/*.ts'], rules: restrict('routes', 'cli', 'http', 'app', 'query') },
  { files: ['api/src/tables/**/*.ts'], rules: restrict('routes', 'cli', 'http', 'app', 'services', 'tableQuery') },
  { files: ['api/src/repositories/**/*.ts'], rules: restrict('routes', 'cli', 'http', 'app', 'services', 'tables') },
  { files: ['api/src/db/**/*.ts'], rules: restrict('routes', 'cli', 'http', 'app', 'services', 'tables', 'repositories') },
];
