import { createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Clock } from '../server/clock.js';
import type { LtijsDatabase } from './ltijs-database.js';
import type { Platform } from './platforms.js';

/**
 * Calls to a platform's LTI Advantage services (token endpoint, AGS, NRPS) with timeouts and a
 * clear transient/permanent verdict on failure. ltijs's own service helpers use `got` with no
 * timeout and their own retries of GETs, which would hide outages from the job worker's backoff
 * and could leave a job hanging past its lease; so Cadre makes these calls itself, reusing
 * ltijs's key and access-token storage (the same sealed documents, through the plugin).
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

export class PlatformServices {
  constructor(
    private readonly ltijsDb: LtijsDatabase,
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

  /** An access token for these scopes, from the store while valid, else from the token endpoint. */
  async accessToken(platform: Platform, scopes: string[], fresh = false): Promise<string> {
    const scope = [...scopes].sort().join(' ');
    const query = { platformUrl: platform.issuer, clientId: platform.clientId, scopes: scope };
    if (!fresh) {
      const stored = await this.ltijsDb.Get(this.secret, 'accesstoken', query);
      const doc = stored ? (stored[0] as { token: { access_token: string; expires_in: number }; createdAt: number }) : undefined;
      if (doc && (this.clock.now().getTime() - doc.createdAt) / 1000 < doc.token.expires_in - 60) return doc.token.access_token;
    }
    const keys = await this.ltijsDb.Get(this.secret, 'privatekey', { kid: platform.id });
    if (!keys) throw new ServiceError('no tool key for this platform', false);
    const key = createPrivateKey((keys[0] as { key: string }).key);
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: platform.id, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.authorizationServer ?? platform.tokenEndpoint)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(key);
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
    const doc = { token: { access_token: token.access_token, token_type: token.token_type ?? 'Bearer', expires_in: token.expires_in ?? 3600 } };
    await this.ltijsDb.Replace(this.secret, 'accesstoken', query, doc, query);
    return token.access_token;
  }

  /** One authorized service call; a 401 gets one retry with a fresh token. */
  async call<T>(platform: Platform, scopes: string[], url: string, init: { method?: string; accept: string; contentType?: string; body?: unknown }): Promise<ServiceResponse<T>> {
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
