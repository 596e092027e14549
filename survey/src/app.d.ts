import type { Lang } from '$lib/i18n';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    /** What the error page shows: a heading and a way back besides the message, all in the page's language. */
    interface Error {
      message: string;
      title?: string;
      back?: { href: string; label: string };
    }
    interface Locals {
      lang: Lang;
      /** Sent as `x-request-id` and written on every log line of the request. */
      requestId: string;
    }
  }
}

export {};
