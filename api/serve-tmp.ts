import { serve } from '@hono/node-server';
import { createApp } from './src/app.js';
import { openDatabase } from './src/db/client.js';
const d = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/vw15' });
serve({ fetch: createApp({ db: d.db, auth: { secureCookies: false } }).fetch, port: Number(process.env.P), hostname: '127.0.0.1' });
console.log('api up');
