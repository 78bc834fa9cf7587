import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { Clock } from '../server/clock.js';
import { AppError } from '../server/errors.js';
import type { LtiLoginRepository } from '../server/storage/repositories/lti-repositories.js';
import { CLAIM, MESSAGE_TYPE } from './claims.js';
import { clearStateCookie, hasStateCookie } from './login.js';
import type { Platform, PlatformDirectory } from './platforms.js';
import { isShortContextRole } from './roles.js';

/**
 * The launch guard verifies the id_token a platform posts to the redirect URI, with jose, and is
 * the only check (Cadre has no other LTI library): RS256 only (no `none`, no HS256), tokens of at
 * most 16 KB, the signature against the platform's keys (JWKS fetched and cached, fetched again
 * when a token names a kid it does not hold: key rotation), iss/aud/azp for a known, active
 * platform, `exp`, and `iat` at most 60 s old; claims validated with zod; the login binding: the
 * state names a login this browser started (its state cookie), single use, with the same nonce
 * and issuer; a registered deployment (or, if the platform allows it, one recorded on first
 * launch). Every refusal is a 400 or 401 error page with no internal detail, and nothing is
 * written but the consumed login binding.
 */

export const MAX_ID_TOKEN_BYTES = 16 * 1024;
export const MAX_TOKEN_AGE_SECONDS = 60;
const LOGIN_TTL_MS = 10 * 60_000;

const uri = z.string().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'must be a URI');
const text = z.string().max(1000);

/** The id_token claims Cadre relies on. Unknown claims pass through untouched. */
export const launchClaimsSchema = z.looseObject({
  iss: z.string().min(1).max(500),
  sub: z.string().min(1).max(255),
  aud: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  azp: z.string().min(1).optional(),
  exp: z.number(),
  iat: z.number(),
  nonce: z.string().min(1).max(255),
  name: text.optional(),
  given_name: text.optional(),
  family_name: text.optional(),
  email: text.optional(),
  [CLAIM.messageType]: z.enum([MESSAGE_TYPE.resourceLink, MESSAGE_TYPE.deepLinking]),
  [CLAIM.version]: z.literal('1.3.0'),
  [CLAIM.deploymentId]: z.string().min(1).max(255),
  [CLAIM.targetLinkUri]: z.string().min(1).max(2000),
  [CLAIM.roles]: z.array(z.union([uri, z.string().refine(isShortContextRole, 'must be a URI or a short context role')])).max(100),
  [CLAIM.resourceLink]: z.looseObject({ id: z.string().min(1).max(255), title: text.optional() }).optional(),
  [CLAIM.context]: z.looseObject({ id: z.string().min(1).max(255), label: text.optional(), title: text.optional() }).optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.launchPresentation]: z
    .looseObject({ document_target: z.string().optional(), return_url: z.string().optional(), locale: z.string().optional() })
    .optional(),
  [CLAIM.ags]: z.looseObject({ scope: z.array(z.string()).optional(), lineitems: z.url().optional(), lineitem: z.url().optional() }).optional(),
  [CLAIM.nrps]: z.looseObject({ context_memberships_url: z.url() }).optional(),
  [CLAIM.deepLinkingSettings]: z.looseObject({ deep_link_return_url: z.url(), accept_types: z.array(z.string()), data: z.string().optional() }).optional(),
});

export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

export interface VerifiedLaunch {
  platform: Platform;
  clientId: string;
  claims: LaunchClaims;
}

/** Why a launch was refused: logged (never shown), with the status and message id shown. */
class Refusal extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly reason: string,
    readonly messageId = status === 400 ? 'lti:launch-malformed' : 'lti:launch-refused',
  ) {
    super(reason);
  }
}

/** When to look at a platform's JWKS again: its age, and the least time between two fetches. */
export interface KeySetPolicy {
  maxAgeMs: number;
  /** An unknown kid fetches the set again at most this often (a forged kid cannot make us flood the LMS). */
  cooldownMs: number;
  timeoutMs: number;
}

const DEFAULT_KEY_SET_POLICY: KeySetPolicy = { maxAgeMs: 10 * 60_000, cooldownMs: 30_000, timeoutMs: 5000 };

interface CachedKeySet {
  resolve: JWTVerifyGetKey;
  fetchedAt: number;
}

/**
 * Platform public keys: a JWKS URL (cached per URL, in process), or one key given at
 * registration. A token whose kid the cached set does not hold makes one fetch of the set (the
 * platform rotated its key), no more often than the cooldown, on Cadre's clock.
 */
export class PlatformKeys {
  private readonly sets = new Map<string, CachedKeySet>();
  private readonly fetching = new Map<string, Promise<CachedKeySet>>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: KeySetPolicy = DEFAULT_KEY_SET_POLICY,
  ) {}

  async resolver(platform: Platform): Promise<JWTVerifyGetKey> {
    const { method, key } = platform.authConfig;
    if (method === 'JWK_SET') {
      return async (header, token) => {
        const now = this.clock.now().getTime();
        const cached = this.sets.get(key);
        // An old set is refreshed; if the LMS does not answer, the old set still serves.
        const set: CachedKeySet =
          cached && now - cached.fetchedAt < this.policy.maxAgeMs
            ? cached
            : await this.fetch(key).catch((error: unknown) => (cached ? cached : Promise.reject(error)));
        try {
          return await set.resolve(header, token);
        } catch (error) {
          if ((error as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY' || now - set.fetchedAt < this.policy.cooldownMs) throw error;
          return (await this.fetch(key)).resolve(header, token);
        }
      };
    }
    if (method === 'JWK_KEY') {
      const jwk = JSON.parse(key) as Record<string, unknown>;
      return createLocalJWKSet({ keys: [jwk] });
    }
    const spki = await importSPKI(key, 'RS256');
    return () => spki;
  }

  /** Fetches a key set (one request at a time per URL, shared by concurrent launches). */
  private fetch(url: string): Promise<CachedKeySet> {
    let pending = this.fetching.get(url);
    if (!pending) {
      pending = (async () => {
        const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.policy.timeoutMs) });
        if (!res.ok) throw new Error(`JWKS answered ${res.status}`);
        const body = (await res.json()) as JSONWebKeySet;
        if (!Array.isArray(body?.keys)) throw new Error('JWKS without keys');
        const set = { resolve: createLocalJWKSet(body), fetchedAt: this.clock.now().getTime() };
        this.sets.set(url, set);
        return set;
      })().finally(() => this.fetching.delete(url));
      this.fetching.set(url, pending);
    }
    return pending;
  }
}

export interface GuardDeps {
  logins: LtiLoginRepository;
  clock: Clock;
  /** Checks the state cookie the login set (see login.ts). */
  secret: string;
  platforms: PlatformDirectory;
  keys: PlatformKeys;
  /** Called when a first launch records a new deployment. */
  onNewDeployment?: (platform: Platform, deploymentId: string) => Promise<void>;
}

export async function verifyLaunch(deps: GuardDeps, req: Request): Promise<VerifiedLaunch> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const idToken = body.id_token;
  const state = body.state;
  if (typeof idToken !== 'string' || idToken.length === 0) throw new Refusal(400, 'no id_token');
  if (Buffer.byteLength(idToken) > MAX_ID_TOKEN_BYTES) throw new Refusal(400, 'id_token too large');
  if (typeof state !== 'string' || state.length === 0 || state.length > 512) throw new Refusal(400, 'missing state');

  let header: ReturnType<typeof decodeProtectedHeader>;
  let raw: unknown;
  try {
    header = decodeProtectedHeader(idToken);
    raw = decodeJwt(idToken);
  } catch {
    throw new Refusal(400, 'not a JWT');
  }
  if (header.alg !== 'RS256') throw new Refusal(401, `alg ${String(header.alg)} refused`);

  const messageType = (raw as Record<string, unknown>)[CLAIM.messageType];
  if (messageType !== MESSAGE_TYPE.resourceLink && messageType !== MESSAGE_TYPE.deepLinking) {
    throw new Refusal(400, 'unsupported message type', 'lti:message-unsupported');
  }
  const parsed = launchClaimsSchema.safeParse(raw);
  if (!parsed.success) throw new Refusal(400, `malformed claims: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const claims = parsed.data;
  if (messageType === MESSAGE_TYPE.resourceLink && !claims[CLAIM.resourceLink]) throw new Refusal(400, 'resource_link missing');
  if (messageType === MESSAGE_TYPE.deepLinking && !claims[CLAIM.deepLinkingSettings]) throw new Refusal(400, 'deep_linking_settings missing');

  // Which client is this for? With several audiences, azp names it and must be one of them.
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  let clientId: string;
  if (audiences.length > 1) {
    if (!claims.azp) throw new Refusal(401, 'several audiences and no azp');
    if (!audiences.includes(claims.azp)) throw new Refusal(401, 'azp not among audiences');
    clientId = claims.azp;
  } else {
    clientId = audiences[0]!;
    if (claims.azp !== undefined && claims.azp !== clientId) throw new Refusal(401, 'azp differs from aud');
  }
  const deploymentId = claims[CLAIM.deploymentId];
  const found = await deps.platforms.findForLaunch(claims.iss, clientId, deploymentId);
  if (!found) throw new Refusal(401, 'unknown issuer or client_id');
  const { hasDeployment, ...platform } = found;
  if (!platform.active) throw new Refusal(401, 'platform not activated', 'lti:platform-inactive');

  const now = deps.clock.now();
  const resolve = await deps.keys.resolver(platform);
  try {
    await jwtVerify(idToken, resolve, {
      algorithms: ['RS256'],
      issuer: platform.issuer,
      audience: clientId,
      currentDate: now,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      clockTolerance: 5,
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown';
    throw new Refusal(401, `id_token not verified (${code})`);
  }

  // The login binding: single use, whatever comes next.
  const login = await deps.logins.consume(state);
  if (!login) throw new Refusal(401, 'state unknown or already used');
  if (!hasStateCookie(req, deps.secret, state)) throw new Refusal(401, 'no state cookie: the login was started by another browser');
  if (now.getTime() - login.createdAt.getTime() > LOGIN_TTL_MS) throw new Refusal(401, 'login expired');
  if (login.issuer !== platform.issuer) throw new Refusal(401, 'state issued for another platform');
  if (login.nonce !== claims.nonce) throw new Refusal(401, 'nonce not the one issued for this state');

  if (!hasDeployment) {
    if (!platform.acceptNewDeployments) throw new Refusal(401, 'unknown deployment_id');
    await deps.platforms.addDeployment(platform.id, deploymentId, 'first-launch');
    await deps.onNewDeployment?.(platform, deploymentId);
  }
  return { platform, clientId, claims };
}

/** Express middleware for POST {launch route}: refuses, or hands the verified launch on in res.locals. */
export function launchGuard(deps: GuardDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    verifyLaunch(deps, req).then(
      (launch) => {
        clearStateCookie(res, String((req.body as Record<string, unknown>).state));
        res.locals.cadreLaunch = launch;
        next();
      },
      (error: unknown) => {
        if (error instanceof Refusal) {
          req.log?.warn({ reason: error.reason }, 'LTI launch refused');
          next(new AppError(error.messageId, {}, error.status));
        } else next(error);
      },
    );
  };
}
