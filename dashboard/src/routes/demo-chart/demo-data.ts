import type { MessageKey } from '$lib/i18n';

/** Made-up shares (percent of respondents) for the example chart; no real survey behind them. */
export const DEMO_DATA: ReadonlyArray<{ topic: MessageKey; share: number }> = [
  { topic: 'demo.bullying', share: 14.2 },
  { topic: 'demo.sexualHarassment', share: 6.5 },
  { topic: 'demo.discrimination', share: 9.8 },
  { topic: 'demo.aggression', share: 4.1 },
];
