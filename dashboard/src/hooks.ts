import type { Transport } from '@sveltejs/kit';
import { ServerOnly } from '$lib/server-only';

export const transport: Transport = {
  // Never sent: pages that use ServerOnly have csr = false (see $lib/server-only).
  ServerOnly: { encode: (value) => value instanceof ServerOnly && [], decode: () => null },
};
