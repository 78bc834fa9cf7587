/**
 * Signing and verifying certificates as VC-JWTs (Open Badges 3.0 §8.2: the JWT payload is the
 * credential itself, plus the registered claims iss, jti, nbf), EdDSA over Ed25519 with `jose`.
 * Verification says what it checked, one line per check, so a verifier (an employer) can see
 * why a certificate is valid, revoked or not to be trusted.
 */
import { compactVerify, decodeProtectedHeader, importJWK, SignJWT, type CryptoKey, type JWK, type KeyObject } from 'jose';
import type { OpenBadgeCredential } from './credential.js';

export const VC_JWT_TYP = 'vc+jwt';

/** The instance's signing key: the private half stays in DATA_DIR, the public one is published. */
export interface IssuerKey {
  kid: string;
  privateKey: CryptoKey | KeyObject;
  publicJwk: JWK;
}

export async function signCredential(credential: OpenBadgeCredential, key: IssuerKey): Promise<string> {
  return new SignJWT({ ...credential })
    .setProtectedHeader({ alg: 'EdDSA', typ: VC_JWT_TYP, kid: key.kid })
    .setIssuer(credential.issuer.id)
    .setJti(credential.id)
    .setNotBefore(Math.floor(Date.parse(credential.validFrom) / 1000))
    .sign(key.privateKey);
}

/** Signs any other document of the issuer (the status list credential). */
export async function signDocument(payload: Record<string, unknown> & { id: string; validFrom: string }, issuerId: string, key: IssuerKey): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'EdDSA', typ: VC_JWT_TYP, kid: key.kid })
    .setIssuer(issuerId)
    .setJti(payload.id)
    .setNotBefore(Math.floor(Date.parse(payload.validFrom) / 1000))
    .sign(key.privateKey);
}

export const CHECKS = ['format', 'issuer-key', 'signature', 'issuer', 'status', 'expiry'] as const;
export type CheckName = (typeof CHECKS)[number];
export interface VerificationCheck {
  check: CheckName;
  outcome: 'pass' | 'fail' | 'not-run';
}

export type VerificationOutcome = 'valid' | 'revoked' | 'expired' | 'tampered';

export interface Verification {
  outcome: VerificationOutcome;
  checks: VerificationCheck[];
  /** The credential, only when its signature holds (a tampered payload is never shown as fact). */
  credential: OpenBadgeCredential | null;
  revocation: { at: string; reason: string } | null;
}

export interface StatusLookup {
  /** Whether the entry is set in the issuer's status list, with the revocation's reason when it is. */
  (listUrl: string, index: number): Promise<{ revoked: boolean; at?: string; reason?: string } | undefined>;
}

/**
 * Verifies a VC-JWT issued by this instance: structure, a key from the issuer's JWKS, the Ed25519
 * signature over header and payload, issuer identity, the revocation status list and validity
 * dates. Any failure of the first four means the document is not what the issuer signed.
 */
export async function verifyCredentialJwt(
  jwt: string,
  opts: { keys: readonly JWK[]; issuerId: string; status: StatusLookup; now: Date },
): Promise<Verification> {
  const checks: VerificationCheck[] = CHECKS.map((check) => ({ check, outcome: 'not-run' }));
  const mark = (name: CheckName, ok: boolean) => {
    checks.find((c) => c.check === name)!.outcome = ok ? 'pass' : 'fail';
    return ok;
  };
  const tampered = (): Verification => ({ outcome: 'tampered', checks, credential: null, revocation: null });

  let header: { alg?: string; kid?: string };
  try {
    if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt.trim())) throw new Error('not a compact JWS');
    header = decodeProtectedHeader(jwt.trim());
  } catch {
    mark('format', false);
    return tampered();
  }
  mark('format', true);

  const jwk = opts.keys.find((k) => k.kid === header.kid);
  if (!mark('issuer-key', header.alg === 'EdDSA' && jwk !== undefined)) return tampered();

  let credential: OpenBadgeCredential & { iss?: string; jti?: string; nbf?: number; validUntil?: string };
  try {
    const key = await importJWK(jwk!, 'EdDSA');
    const { payload } = await compactVerify(jwt.trim(), key, { algorithms: ['EdDSA'] });
    credential = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    mark('signature', false);
    return tampered();
  }
  mark('signature', true);

  const types: unknown[] = Array.isArray(credential.type) ? credential.type : [];
  if (
    !mark(
      'issuer',
      credential.iss === opts.issuerId && credential.issuer?.id === opts.issuerId && credential.jti === credential.id && types.includes('OpenBadgeCredential'),
    )
  ) {
    return tampered();
  }

  let revocation: Verification['revocation'] = null;
  const entry = credential.credentialStatus;
  const index = Number(entry?.statusListIndex);
  const status = entry && Number.isInteger(index) ? await opts.status(entry.statusListCredential, index) : undefined;
  if (!status) mark('status', false);
  else if (status.revoked) {
    mark('status', false);
    revocation = { at: status.at ?? '', reason: status.reason ?? '' };
  } else mark('status', true);

  const now = opts.now.getTime();
  const notYet = Date.parse(credential.validFrom) > now;
  const expired = credential.validUntil !== undefined && Date.parse(credential.validUntil) <= now;
  mark('expiry', !notYet && !expired);

  const outcome: VerificationOutcome = !status ? 'tampered' : revocation ? 'revoked' : notYet || expired ? 'expired' : 'valid';
  return { outcome, checks, credential, revocation };
}
