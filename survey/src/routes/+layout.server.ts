import { startPath } from '$lib/server/headers';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({ lang: locals.lang, home: startPath() });
