/** CPU time (user + system, ms) per process name from /proc, to attribute a benchmark phase's cost. */
import { readdirSync, readFileSync } from 'node:fs';

export type CpuSnapshot = Map<string, number>;

export function cpuSnapshot(label: (pid: number, comm: string) => string = (_, c) => c): CpuSnapshot {
  const ticksPerMs = 100 / 1000; // USER_HZ = 100 on Linux
  const out: CpuSnapshot = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try { stat = readFileSync(`/proc/${entry}/stat`, 'utf8'); } catch { continue; }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
    const key = label(Number(entry), comm);
    out.set(key, (out.get(key) ?? 0) + ms);
  }
  return out;
}

/** CPU ms spent per name between two snapshots (processes that ended in between are missed). */
export function cpuSince(before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  const d = new Map<string, number>();
  for (const [k, v] of after) d.set(k, v - (before.get(k) ?? 0));
  return d;
}
