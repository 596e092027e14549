import type { Lang } from '$lib/i18n';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Locals {
      lang: Lang;
      /** Sent as `x-request-id` and written on every log line of the request. */
      requestId: string;
    }
  }
}

export {};
