import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** Loopback, private, link-local, shared (CGNAT), multicast and unspecified addresses, IPv4 and IPv6. */
const nonPublic = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  nonPublic.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  nonPublic.addSubnet(prefix, bits, 'ipv6');

/** Whether an IP address is not on the public Internet (IPv4-mapped IPv6 addresses are read as IPv4). */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return nonPublic.check(mapped, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return nonPublic.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class GuardedFetchError extends Error {
  override readonly name = 'GuardedFetchError';
}

export interface GuardedFetchOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Allow loopback, private and link-local addresses (LTI_REGISTRATION_PRIVATE_ADDRESSES). */
  privateAddresses: boolean;
  maxBytes?: number;
}

/**
 * A JSON request for dynamic registration, where the URL comes from whoever opens the Tool URL:
 * http(s) only, no redirects followed, at most maxBytes read, and (unless allowed) never to a
 * non-public address. The address is checked when the connection is made (the resolver's answer
 * is the one connected to), so a name that resolves differently the second time gains nothing.
 */
export function guardedJson(url: string, options: GuardedFetchOptions): Promise<{ status: number; json: unknown }> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return Promise.reject(new GuardedFetchError('scheme'));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.privateAddresses && net.isIP(host) !== 0 && isNonPublicAddress(host)) return Promise.reject(new GuardedFetchError('non-public address'));
  const lookup: net.LookupFunction = (hostname, lookupOptions, callback) => {
    dns.lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return (callback as (e: Error) => void)(error);
      if (!options.privateAddresses && addresses.some((a) => isNonPublicAddress(a.address)))
        return (callback as (e: Error) => void)(new GuardedFetchError('non-public address'));
      if (lookupOptions.all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        method: options.method ?? 'GET',
        headers: { ...options.headers, ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}) },
        lookup,
        timeout: options.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy(new GuardedFetchError('too large'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
          } catch {
            reject(new GuardedFetchError('not JSON'));
          }
        });
        res.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new GuardedFetchError('timeout')));
    request.on('error', reject);
    request.end(options.body);
  });
}
