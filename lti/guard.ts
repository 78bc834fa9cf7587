import { AsyncLocalStorage } from 'node:async_hooks';
import { KeyObject } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  importSPKI,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../server/clock.js';
import { AppError } from '../server/errors.js';
import type { Database } from '../server/storage/schema.js';
import { CLAIM, MESSAGE_TYPE } from './claims.js';
import type { Platform, PlatformDirectory } from './platforms.js';

/**
 * The launch guard runs before ltijs sees an id_token and closes what ltijs 5.9.9 lets through:
 * (1) the nonce is bound to the login (state) that issued it, single use; (2) only deployments
 * registered for the platform are accepted (or, if the platform allows it, recorded on first
 * launch); (3) azp must be our client_id when aud has several values; (4) claims are validated
 * with zod instead of failing in the database layer. It also refuses alg other than RS256, tokens
 * over 16 KB, and tokens older than 60 s or expired. Every refusal is a 400 or 401 error page with
 * no internal detail, and nothing is written but the consumed login binding.
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
  [CLAIM.roles]: z.array(uri).max(100),
  [CLAIM.resourceLink]: z.looseObject({ id: z.string().min(1).max(255), title: text.optional() }).optional(),
  [CLAIM.context]: z.looseObject({ id: z.string().min(1).max(255), label: text.optional(), title: text.optional() }).optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.launchPresentation]: z.looseObject({ document_target: z.string().optional(), return_url: z.string().optional(), locale: z.string().optional() }).optional(),
  [CLAIM.ags]: z.looseObject({ scope: z.array(z.string()).optional(), lineitems: z.url().optional(), lineitem: z.url().optional() }).optional(),
  [CLAIM.nrps]: z.looseObject({ context_memberships_url: z.url() }).optional(),
  [CLAIM.deepLinkingSettings]: z
    .looseObject({ deep_link_return_url: z.url(), accept_types: z.array(z.string()), data: z.string().optional() })
    .optional(),
});

export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

/**
 * The platform key that verified the launch being handled, as PEM. ltijs re-verifies the token
 * and, for a JWKS platform, would fetch the platform's keyset over HTTP on every launch; while a
 * verified launch is handled, the ltijs database plugin answers ltijs with this key instead
 * (RSA_KEY, as a KeyObject: jsonwebtoken takes it without parsing a PEM again), so ltijs checks
 * the same signature with the same key and no second fetch.
 */
export const verifiedLaunchKey = new AsyncLocalStorage<{ platformId: string; key: KeyObject }>();
const keyObjects = new WeakMap<object, KeyObject>();

/** The verifying key as a node KeyObject (what jsonwebtoken, inside ltijs, takes without re-parsing). */
function toKeyObject(key: unknown): KeyObject | undefined {
  if (typeof key !== 'object' || key === null) return undefined;
  if (key instanceof KeyObject) return key;
  let object = keyObjects.get(key);
  if (!object) {
    object = KeyObject.from(key as CryptoKey);
    keyObjects.set(key, object);
  }
  return object;
}

export interface VerifiedLaunch {
  platform: Platform;
  clientId: string;
  claims: LaunchClaims;
  /** The platform public key that verified the token. */
  key?: KeyObject | undefined;
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

/** Platform public keys: one remote JWKS cache per URL, or a key given at registration. */
export class PlatformKeys {
  private readonly remote = new Map<string, JWTVerifyGetKey>();

  async resolver(platform: Platform): Promise<JWTVerifyGetKey> {
    const { method, key } = platform.authConfig;
    if (method === 'JWK_SET') {
      let set = this.remote.get(key);
      if (!set) {
        set = createRemoteJWKSet(new URL(key), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5000 });
        this.remote.set(key, set);
      }
      return set;
    }
    if (method === 'JWK_KEY') {
      const jwk = JSON.parse(key) as Record<string, unknown>;
      return createLocalJWKSet({ keys: [jwk] });
    }
    const spki = await importSPKI(key, 'RS256');
    return () => spki;
  }
}

export interface GuardDeps {
  db: Kysely<Database>;
  clock: Clock;
  platforms: PlatformDirectory;
  keys: PlatformKeys;
  /** Called when a first launch records a new deployment. */
  onNewDeployment?: (platform: Platform, deploymentId: string) => Promise<void>;
}

export async function verifyLaunch(deps: GuardDeps, body: Record<string, unknown>): Promise<VerifiedLaunch> {
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
  const platform = await deps.platforms.find(claims.iss, clientId);
  if (!platform) throw new Refusal(401, 'unknown issuer or client_id');
  if (!platform.active) throw new Refusal(401, 'platform not activated', 'lti:platform-inactive');

  const now = deps.clock.now();
  const resolve = await deps.keys.resolver(platform);
  let usedKey: unknown;
  try {
    await jwtVerify(idToken, async (protectedHeader, token) => (usedKey = await resolve(protectedHeader, token)), {
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
  const login = await deps.db.deleteFrom('lti_logins').where('state', '=', state).returning(['nonce', 'issuer', 'created_at']).executeTakeFirst();
  if (!login) throw new Refusal(401, 'state unknown or already used');
  if (now.getTime() - Date.parse(login.created_at) > LOGIN_TTL_MS) throw new Refusal(401, 'login expired');
  if (login.issuer !== platform.issuer) throw new Refusal(401, 'state issued for another platform');
  if (login.nonce !== claims.nonce) throw new Refusal(401, 'nonce not the one issued for this state');

  const deploymentId = claims[CLAIM.deploymentId];
  if (!(await deps.platforms.hasDeployment(platform.id, deploymentId))) {
    if (!platform.acceptNewDeployments) throw new Refusal(401, 'unknown deployment_id');
    await deps.platforms.addDeployment(platform.id, deploymentId, 'first-launch');
    await deps.onNewDeployment?.(platform, deploymentId);
  }
  return { platform, clientId, claims, key: toKeyObject(usedKey) };
}

/** Express middleware for POST {launch route}: refuses, or hands the verified launch on in res.locals. */
export function launchGuard(deps: GuardDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    verifyLaunch(deps, body).then(
      (launch) => {
        res.locals.cadreLaunch = launch;
        if (launch.key) verifiedLaunchKey.run({ platformId: launch.platform.id, key: launch.key }, () => next());
        else next();
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
