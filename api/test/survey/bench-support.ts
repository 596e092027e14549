/** Packages the survey benchmark (bench/survey-submit.ts) needs, resolved from the api package. */
export { serve } from '@hono/node-server';
export { default as postgres } from 'postgres';
export { sql } from 'drizzle-orm';
export { werkbeleving, type Answers } from '@vw/questionnaire';
