/** The audit log of reads (auth/access.ts `auditRead` decides what is written). */
import type { Db } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export async function insertAuditEntry(db: Db, userId: number, action: string, target: string): Promise<void> {
  await db.insert(auditLog).values({ userId, action, target });
}
