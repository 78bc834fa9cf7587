import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Clock } from '../server/clock.js';
import type { LtiAccessTokenRepository } from '../server/storage/repositories/lti-repositories.js';
import type { Platform } from './platforms.js';
import { seal, unseal } from './sealing.js';
import type { ToolKeys } from './tool-keys.js';

/**
 * Calls to a platform's LTI Advantage services (token endpoint, AGS, NRPS) with timeouts and a
 * clear transient/permanent verdict on failure (the job worker's backoff relies on it, and no
 * call outlives a job's lease). Access tokens come from the token endpoint by the client
 * credentials grant with a private_key_jwt assertion signed with the platform's tool key; they
 * are kept (sealed) in lti_access_tokens, shared by every instance, and in process, until a
 * minute before they expire.
 */

export class ServiceError extends Error {
  constructor(
    message: string,
    /** Worth retrying later: timeouts, network errors, 5xx, 429. */
    readonly transient: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

const TIMEOUT_MS = 10_000;

export interface ServiceResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** What a sealed access token holds (ltijs's shape, kept for the tokens moved by migration 0012). */
interface TokenDocument {
  token: { access_token: string; token_type: string; expires_in: number };
}

export class PlatformServices {
  /** Tokens in hand, by platform and scopes: the common case costs no query. */
  private readonly tokens = new Map<string, { accessToken: string; validUntil: number }>();

  constructor(
    private readonly toolKeys: ToolKeys,
    private readonly stored: LtiAccessTokenRepository,
    private readonly secret: string,
    private readonly clock: Clock,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {}

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const name = (error as Error).name;
      throw new ServiceError(name === 'TimeoutError' ? `timeout calling ${new URL(url).host}` : `network error calling ${new URL(url).host}`, true);
    }
  }

  private static verdict(res: Response, what: string, detail: string): ServiceError {
    const transient = res.status >= 500 || res.status === 429 || res.status === 408;
    return new ServiceError(`LMS answered ${res.status} to ${what}${detail ? `: ${detail.slice(0, 200)}` : ''}`, transient, res.status);
  }

  /** An access token for these scopes: in hand or stored while valid, else from the token endpoint. */
  async accessToken(platform: Platform, scopes: string[], fresh = false): Promise<string> {
    const scope = [...scopes].sort().join(' ');
    const cacheKey = `${platform.id} ${scope}`;
    const now = this.clock.now().getTime();
    if (!fresh) {
      const held = this.tokens.get(cacheKey);
      if (held && now < held.validUntil) return held.accessToken;
      const stored = await this.stored.get(platform.id, scope);
      if (stored) {
        const { token } = unseal<TokenDocument>(this.secret, stored.token);
        const validUntil = stored.createdAt.getTime() + (token.expires_in - 60) * 1000;
        if (now < validUntil) {
          this.tokens.set(cacheKey, { accessToken: token.access_token, validUntil });
          return token.access_token;
        }
      }
    }
    const signing = await this.toolKeys.signingKey(platform.id);
    if (!signing) throw new ServiceError('no tool key for this platform', false);
    const seconds = Math.floor(now / 1000);
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: signing.kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.authorizationServer ?? platform.tokenEndpoint)
      .setIssuedAt(seconds)
      .setExpirationTime(seconds + 60)
      .sign(signing.key);
    const res = await this.send(platform.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope,
      }),
    });
    if (!res.ok) throw PlatformServices.verdict(res, 'the token request', await res.text().catch(() => ''));
    const token = (await res.json()) as { access_token?: string; expires_in?: number; token_type?: string };
    if (!token.access_token) throw new ServiceError('token endpoint gave no access_token', true);
    const document: TokenDocument = {
      token: { access_token: token.access_token, token_type: token.token_type ?? 'Bearer', expires_in: token.expires_in ?? 3600 },
    };
    const issuedAt = this.clock.now();
    await this.stored.put(platform.id, scope, seal(this.secret, document), issuedAt);
    this.tokens.set(cacheKey, { accessToken: token.access_token, validUntil: issuedAt.getTime() + (document.token.expires_in - 60) * 1000 });
    return token.access_token;
  }

  /** One authorized service call; a 401 gets one retry with a fresh token. */
  async call<T>(
    platform: Platform,
    scopes: string[],
    url: string,
    init: { method?: string; accept: string; contentType?: string; body?: unknown },
  ): Promise<ServiceResponse<T>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(platform, scopes, attempt > 0);
      const res = await this.send(url, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          accept: init.accept,
          ...(init.contentType ? { 'content-type': init.contentType } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      if (res.status === 401 && attempt === 0) continue;
      const text = await res.text().catch(() => '');
      if (!res.ok) throw PlatformServices.verdict(res, `${init.method ?? 'GET'} ${new URL(url).pathname}`, text);
      let body: unknown = undefined;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          throw new ServiceError(`LMS answered ${res.status} with a body that is not JSON`, false, res.status);
        }
      }
      return { status: res.status, body: body as T, headers: res.headers };
    }
  }
}
