import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SealedDocument } from '../server/storage/repositories/lti-repositories.js';

/**
 * Tool private keys and service access tokens are stored sealed: AES-256-GCM under a key derived
 * from the session secret (SHA-256 of it). The format is the one ltijs used, so the keys an
 * installed LMS registered before the move to jose still open (see migration 0012).
 */
function keyFrom(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function seal(secret: string, document: unknown): SealedDocument {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(document), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { iv: iv.toString('hex'), data: data.toString('base64') };
}

/** Opens a sealed document; throws if it was sealed under another secret or altered. */
export function unseal<T>(secret: string, sealed: SealedDocument): T {
  const raw = Buffer.from(sealed.data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), Buffer.from(sealed.iv, 'hex'));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  const text = Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8');
  return JSON.parse(text) as T;
}
