/**
 * Server code the survey and the dashboard share (SvelteKit-free: each app passes in what it reads
 * from its own environment).
 */
export { refuseUnusable } from './request-guard.js';
export { logServerError, type ServerErrorFields } from './log.js';
export { appRequestContext, PERMISSIONS_POLICY, setSecurityHeaders, type AppRequestContext } from './security.js';
