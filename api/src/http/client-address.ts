/**
 * The client's address, for the failure limits only (decision 060).
 *
 * `TRUST_PROXY` names the peers allowed to say who the client is: a comma-separated list of
 * addresses and CIDR ranges, `loopback` (127.0.0.0/8 and ::1: the survey app and a proxy on the
 * same machine; the default) or `none`. A request from any other peer is that peer. From a trusted
 * peer, `X-Forwarded-For` is read from the right: each proxy appends the address it saw, so the
 * right-most entry that is not itself a trusted proxy is the client. Entries to its left were
 * written by the client and are ignored (rotating them changes nothing).
 */
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { env } from '../env.js';

export interface TrustedProxies {
  has(address: string): boolean;
}

function plain(address: string): string {
  const a = address.trim().replace(/^\[|\]$/g, '');
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a;
}

/** Parses a TRUST_PROXY value; throws on an entry that is not an address, a CIDR range or a keyword. */
export function parseTrustProxy(spec: string): TrustedProxies {
  const list = new BlockList();
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (raw === 'none') continue;
    if (raw === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [addr = '', bits] = raw.split('/');
    const family = isIP(addr);
    if (family === 0) throw new Error(`TRUST_PROXY: "${raw}" is not an address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(addr, type);
    else {
      const n = Number(bits);
      if (!Number.isInteger(n) || n < 0 || n > (family === 4 ? 32 : 128)) throw new Error(`TRUST_PROXY: "${raw}" has a bad prefix length`);
      list.addSubnet(addr, n, type);
    }
  }
  return {
    has(address: string) {
      const a = plain(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

let fromEnv: TrustedProxies | undefined;
export function trustedProxiesFromEnv(): TrustedProxies {
  fromEnv ??= parseTrustProxy(env().TRUST_PROXY);
  return fromEnv;
}

/** The client address of a request, given the trusted proxies. */
export function resolveClientAddress(remote: string | undefined, forwardedFor: string | undefined, trusted: TrustedProxies): string {
  // In-process requests (app.request in tests) have no socket: they speak for themselves.
  if (remote !== undefined && !trusted.has(remote)) return plain(remote);
  const hops = (forwardedFor ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = plain(hops[i]!);
    if (!trusted.has(hop)) return hop;
  }
  return hops[0] ? plain(hops[0]) : remote ? plain(remote) : 'local';
}

export function clientAddress(c: Context, trusted: TrustedProxies): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined;
  }
  return resolveClientAddress(remote, c.req.header('x-forwarded-for'), trusted);
}
