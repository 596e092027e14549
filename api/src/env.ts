/**
 * The environment, parsed once. Nothing else in the code base reads `process.env`.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const Bucket = z.string().regex(/^\d+\/\d+(\.\d+)?$/, 'capacity/perSecond, e.g. 1000/20').transform((v) => {
  const [capacity, perSecond] = v.split('/').map(Number) as [number, number];
  return { capacity, refillPerSecond: perSecond };
});

const EnvSchema = z.object({
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Folder for the embedded database and other local state. */
  DATA_DIR: z.string().min(1).default(`${repoRoot}.data`),
  /** 0 picks a free port (printed on start; tests). */
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SURVEY_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  DASHBOARD_PORT: z.coerce.number().int().min(1).max(65535).default(3002),
  HOST: z.string().default('127.0.0.1'),
  /** Base URL printed in invitation links. */
  SURVEY_PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /**
   * Peers allowed to name the client's address in X-Forwarded-For: addresses and CIDR ranges,
   * comma-separated, or `loopback` (default: the survey app and a proxy on this machine) or `none`.
   * The right-most untrusted entry is the client (docs/decisions/060-abuse-limits-and-proxies.md).
   */
  TRUST_PROXY: z.string().default('loopback'),
  /**
   * Failure limits of the respondent routes, `capacity/perSecond`: failures allowed in a burst and
   * forgiven per second, instance-wide and per client address (decision 060).
   */
  FAILURE_LIMIT_GLOBAL: Bucket.default({ capacity: 1000, refillPerSecond: 20 }),
  FAILURE_LIMIT_PER_ADDRESS: Bucket.default({ capacity: 100, refillPerSecond: 1 }),
  /**
   * Mark session cookies Secure even when the request arrives over plain HTTP (behind a TLS
   * proxy). Requests that arrive over HTTPS always get Secure cookies.
   */
  SECURE_COOKIES: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /**
   * The per-indicator value check of release builds (decisions 040, 043): `1` on, `0` off, unset:
   * `VALUE_PROTECTION_DEFAULT` (services/releases.ts). The CLI flags override it for one build.
   */
  VW_VALUE_PROTECTION: z.enum(['0', '1'], { error: 'must be 1 (value check on) or 0 (off), or unset for the default' })
    .optional().transform((v) => (v === undefined ? undefined : v === '1')),
  /**
   * Heap cap in MB (`--max-old-space-size`) of each release build, run in its own process: the
   * platform's, an admin's (decision 086) and `pnpm cli release build`'s (a child of the command). Unset, V8 sizes the heap from the machine's memory and lets
   * garbage pile up: the defence demo's DEF-2022 build peaked at 1,880 MB RSS uncapped and 1,040 MB
   * with a 1,200 MB cap, the window 2019–2022 at 1,869 MB capped (decision 091). A build that runs
   * out of heap under the cap runs once more without it.
   */
  VW_BUILD_HEAP_MB: z.coerce.number({ error: 'must be a number of megabytes' }).int({ error: 'must be a whole number of megabytes' })
    .min(256, { error: 'must be at least 256 (MB)' }).max(65536, { error: 'must be at most 65536 (MB)' }).default(1200),
  /**
   * Threads of a build's value check, the build's own included (decision 092): a count (1, the
   * default: every indicator in the build's own thread) or `auto` (one per core, at most 4, for
   * large windows and other large weighted releases; one for waves). More threads divide a
   * window's wall time and add memory: the defence demo's second window peaked at 2,292 MB on two
   * threads (bench/RESULTS.md, session 13), over the 2 GB a build is held to by default.
   */
  VW_VALUE_THREADS: z.union([z.literal('auto'), z.coerce.number({ error: 'must be auto or a number of threads' }).int({ error: 'must be auto or a whole number of threads' })
    .min(1, { error: 'must be auto or 1 to 16' }).max(16, { error: 'must be auto or 1 to 16' })], { error: 'must be auto or a whole number of threads (1 to 16)' }).default(1),
});

export type Env = z.infer<typeof EnvSchema>;

/** A variable of the environment is invalid: the message names each, one per line. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** Parses an environment object; throws a readable error naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvironmentError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * For a process's entry point: the environment, or its error printed whole (every bad variable,
 * no stack) and exit code 1, before anything else happens.
 */
export function envOrExit(what: string): Env {
  try {
    return env();
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    process.stderr.write(`${what}: ${e.message}\n`);
    process.exit(1);
  }
}

export { repoRoot };
