import { fileURLToPath } from 'node:url';

/** Absolute path of the folder holding the SQL migrations and drizzle's journal. */
export const migrationsFolder = fileURLToPath(new URL('../sql', import.meta.url));
