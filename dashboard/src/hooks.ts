import type { Transport } from '@sveltejs/kit';
import { RenderedHtml } from '$lib/rendered-html';

export const transport: Transport = {
  RenderedHtml: {
    encode: (value) => value instanceof RenderedHtml && [value.forBrowser ? value.value : ''],
    decode: ([html]: [string]) => new RenderedHtml(html, true),
  },
};
