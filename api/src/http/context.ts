/**
 * The one way a route gets what it works with (decision 081): from the request's context, set
 * once for the whole app by `provideContext` (app.ts mounts it before every route). A route
 * module exports a router built at load time (`export const xRoutes = router()…`), never a
 * factory over the database or the configuration; its handlers read
 * - `c.get('db')`: the database (transactions are the services' business),
 * - `c.get('config')`: the app's configuration (survey base URL, clock, trusted proxies, failure
 *   limiters), resolved once from `createApp`'s arguments and the environment,
 * - `c.get('user')`: the signed-in user, set by the guard `declare()` puts in front of the route.
 * api/test/layers.test.ts fails for a route module that exports a function or imports the
 * database layer.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { provideAuth, type AuthOptions, type AuthVariables } from '../auth/middleware.js';
import type { Db } from '../db/client.js';
import { env } from '../env.js';
import { defaultRateLimits, FailureLimiter, type RateLimitOptions } from '../services/rate-limit.js';
import { inProcessBuilder, type ReleaseBuilder } from '../services/release-builder.js';
import { trustedProxiesFromEnv, type TrustedProxies } from './client-address.js';

/** Options of the respondent API (tests). */
export interface SurveyOptions {
  rateLimits?: RateLimitOptions;
  /** Which peers may name the client's address in X-Forwarded-For (default: TRUST_PROXY); every route's. */
  trustProxy?: TrustedProxies;
  /** Clock for wave states (tests). */
  now?: () => Date;
}

/** What `createApp` is given. */
export interface ContextDeps {
  db: Db;
  /** Cookie settings of the sign-in layer (default: from the environment). */
  auth?: AuthOptions;
  /** Rate limits and clock of the respondent API (tests). */
  survey?: SurveyOptions;
  /** Base URL of the survey app used in invitation links (default: SURVEY_PUBLIC_URL or HOST:SURVEY_PORT). */
  surveyBaseUrl?: string;
  /**
   * Who runs an admin's release build (decision 086): a child `release build` process where one
   * can reach the database (main.ts, server.ts: `childProcessBuilder()`), else this process
   * (the default: tests on in-memory PGlite, where no other process can reach the database).
   */
  builder?: ReleaseBuilder;
}

/** The app's configuration as the routes read it (`c.get('config')`). */
export interface RouteConfig {
  /** Base URL of the survey app in invitation and open links, without a trailing slash. */
  surveyBaseUrl: string;
  /** Clock of the respondent API's wave states. */
  now: () => Date;
  /** Peers that may name the client's address, for every failure limit (sign-in, survey, team summary). */
  trustProxy: TrustedProxies;
  /** Failed token and code lookups of the survey routes (decision 060). */
  surveyLimiter: FailureLimiter;
  /** The same budget for the team summary's respondent route, with the default limits. */
  teamSummaryLimiter: FailureLimiter;
  /** Runs `POST /releases`' build (decision 086). */
  releaseBuilder: ReleaseBuilder;
}

export interface ApiVariables extends AuthVariables {
  config: RouteConfig;
}

/** The Hono environment of every route of the API. */
export interface ApiEnv {
  Variables: ApiVariables;
}

function defaultSurveyBaseUrl(): string {
  const e = env();
  return e.SURVEY_PUBLIC_URL ?? `http://${e.HOST}:${e.SURVEY_PORT}`;
}

/** Resolves the configuration once: defaults from the environment. */
export function routeConfig(deps: ContextDeps): RouteConfig {
  const survey = deps.survey ?? {};
  return {
    surveyBaseUrl: (deps.surveyBaseUrl ?? defaultSurveyBaseUrl()).replace(/\/+$/, ''),
    now: survey.now ?? (() => new Date()),
    trustProxy: survey.trustProxy ?? trustedProxiesFromEnv(),
    surveyLimiter: new FailureLimiter(deps.db, survey.rateLimits ?? defaultRateLimits()),
    teamSummaryLimiter: new FailureLimiter(deps.db, defaultRateLimits()),
    releaseBuilder: deps.builder ?? inProcessBuilder,
  };
}

/** Puts the database, the cookie settings and the configuration on every request's context. */
export function provideContext(deps: ContextDeps): MiddlewareHandler {
  const auth = provideAuth(deps.db, deps.auth);
  const config = routeConfig(deps);
  return async (c, next) => {
    (c as unknown as Context<ApiEnv>).set('config', config);
    await auth(c, next);
  };
}
