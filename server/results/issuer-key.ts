import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { IssuerKey } from '../domain/results/vc-jwt.js';

const FILE = 'issuer-ed25519.jwk.json';

/**
 * The instance's Ed25519 signing key: generated once, kept as a private JWK in DATA_DIR/keys
 * (folder 0700, file 0600), never logged nor served. Every instance sharing a database must
 * share this file (docs/results.md). Two processes starting at once cannot both create it: the
 * file is created exclusively and the loser reads the winner's key.
 */
export async function loadOrCreateIssuerKey(keyDir: string): Promise<IssuerKey> {
  const file = path.join(keyDir, FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = await exportJWK(privateKey);
    try {
      fs.writeFileSync(file, `${JSON.stringify({ ...jwk, alg: 'EdDSA', createdAt: new Date().toISOString() })}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  // A key file someone else can read is tightened, not trusted as is.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK & { createdAt?: string };
  if (stored.kty !== 'OKP' || stored.crv !== 'Ed25519' || !stored.d) throw new Error(`${file} is not an Ed25519 private key`);
  const { d: _d, createdAt: _c, ...publicPart } = stored;
  const thumbprint = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: publicPart.x! });
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: publicPart.x!, alg: 'EdDSA', use: 'sig', kid: thumbprint };
  const privateKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: stored.x!, d: stored.d }, 'EdDSA');
  if (privateKey instanceof Uint8Array) throw new Error('unexpected symmetric key');
  return { kid: thumbprint, privateKey, publicJwk };
}
