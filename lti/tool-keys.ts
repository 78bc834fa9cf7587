import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { exportJWK, type JSONWebKeySet, type JWK } from 'jose';
import type { LtiToolKeyRepository, ToolKey } from '../server/storage/repositories/lti-repositories.js';
import { seal, unseal } from './sealing.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/** What a sealed key document holds (ltijs's shape, kept for the keys moved by migration 0012). */
interface KeyDocument {
  key: string;
  kid: string;
}

/**
 * The tool's RSA key pairs, one per platform (its kid is the platform id): made at registration,
 * published at /lti/keys, used to sign client assertions and deep linking responses. A key never
 * changes under its kid, so opened keys are kept in memory.
 */
export class ToolKeys {
  private readonly signing = new Map<string, { kid: string; key: KeyObject }>();
  private readonly jwks = new Map<string, JWK>();

  /**
   * @param unreadable told of a stored public key that cannot be opened with this secret (sealed
   *   under another CADRE_SECRET, or damaged): it is left out of the JWKS, the others still served.
   */
  constructor(
    private readonly repository: LtiToolKeyRepository,
    private readonly secret: string,
    private readonly unreadable: (kid: string, error: unknown) => void = () => {},
  ) {}

  /**
   * A fresh 2048-bit pair, sealed for storage, generated on libuv's thread pool: a serving
   * process never blocks its event loop on RSA key generation.
   */
  async generate(kid: string): Promise<Omit<ToolKey, 'platformId' | 'createdAt'>> {
    const pair = await generateKeyPairAsync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return {
      kid,
      publicKey: seal(this.secret, { key: pair.publicKey, kid } satisfies KeyDocument),
      privateKey: seal(this.secret, { key: pair.privateKey, kid } satisfies KeyDocument),
    };
  }

  /** The key Cadre signs with for this platform, and its kid; undefined if it has none. */
  async signingKey(platformId: string): Promise<{ kid: string; key: KeyObject } | undefined> {
    const known = this.signing.get(platformId);
    if (known) return known;
    const stored = await this.repository.current(platformId);
    if (!stored) return undefined;
    const found = { kid: stored.kid, key: createPrivateKey(unseal<KeyDocument>(this.secret, stored.privateKey).key) };
    this.signing.set(platformId, found);
    return found;
  }

  /** Forgets what is cached for a platform (it was removed). */
  forget(platformId: string): void {
    this.signing.delete(platformId);
  }

  /**
   * The public keys of every platform's pair: what platforms verify our signatures with. A key
   * that cannot be opened is reported and left out, so one damaged row does not stop every
   * platform from verifying Cadre's signatures.
   */
  async keySet(): Promise<JSONWebKeySet> {
    const keys: JWK[] = [];
    for (const { kid, publicKey } of await this.repository.publicKeys()) {
      let jwk = this.jwks.get(kid);
      if (!jwk) {
        try {
          const pem = unseal<KeyDocument>(this.secret, publicKey).key;
          jwk = { ...(await exportJWK(createPublicKey(pem))), kid, alg: 'RS256', use: 'sig' };
        } catch (error) {
          this.unreadable(kid, error);
          continue;
        }
        this.jwks.set(kid, jwk);
      }
      keys.push(jwk);
    }
    return { keys };
  }
}
