import type { Lang } from '$lib/i18n';
import type { SessionUser } from '$lib/types';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      lang: Lang;
      /** The signed-in user (from the API's /auth/me), or null. */
      user: SessionUser | null;
      /** The session's CSRF token, put in every form. */
      csrf: string | null;
      /** Sent as `x-request-id` and written on every log line of the request. */
      requestId: string;
    }
  }
}

export {};
