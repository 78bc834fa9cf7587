import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * ltijs signs an ltik with `jsonwebtoken.sign(payload, secretString)` on every launch, and
 * jsonwebtoken first tries to parse a string secret as a PEM private key: a parse that fails, at
 * ~0.7 ms of CPU per launch. For the provider secrets registered here (and only those: PEM keys
 * pass through untouched), sign receives the same bytes as a secret KeyObject instead. Same
 * algorithm (HS256), same signature, no failed parse.
 */
const secrets = new Map<string, KeyObject>();
let installed = false;

export function useSecretKeyObjectFor(secret: string): void {
  secrets.set(secret, createSecretKey(Buffer.from(secret)));
  if (installed) return;
  installed = true;
  const jwt = createRequire(import.meta.url)('jsonwebtoken') as { sign: (payload: unknown, key: unknown, ...rest: unknown[]) => unknown };
  const sign = jwt.sign;
  jwt.sign = (payload, key, ...rest) => sign(payload, typeof key === 'string' ? (secrets.get(key) ?? key) : key, ...rest);
}
