import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../server/clock.js';
import { AppError } from '../server/errors.js';
import type { LtiLoginRepository } from '../server/storage/repositories/lti-repositories.js';
import type { PlatformDirectory } from './platforms.js';
import { readCookie } from '../server/http/cookies.js';

/**
 * OIDC third-party login initiation (LTI 1.3 core §5.1.1): the platform names itself and the
 * user; Cadre answers with the authentication request, a redirect to the platform's
 * authorization endpoint. Each login gets a random state and nonce (32 bytes each), bound
 * together in lti_logins for the launch guard (single use), and a state cookie in this browser:
 * the id_token is accepted only from the browser that started its login.
 */

/** How long the browser has to come back with the id_token (the state cookie's life). */
export const STATE_COOKIE_SECONDS = 60;
const STATE_COOKIE_PREFIX = 'cadre_state_';

const loginParams = z.object({
  iss: z.string().min(1).max(500),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().min(1).max(2000),
  client_id: z.string().min(1).max(255).optional(),
  lti_message_hint: z.string().max(4000).optional(),
  lti_deployment_id: z.string().max(255).optional(),
});

export function stateCookieName(state: string): string {
  return `${STATE_COOKIE_PREFIX}${state}`;
}

/** The state cookie's value: a MAC of the state, so only Cadre can have set it. */
export function stateCookieValue(secret: string, state: string): string {
  return createHmac('sha256', secret).update(`lti-state:${state}`).digest('base64url');
}

/** Whether this browser carries the cookie its login set for this state. */
export function hasStateCookie(req: Request, secret: string, state: string): boolean {
  const got = Buffer.from(readCookie(req, stateCookieName(state)) ?? '');
  const expected = Buffer.from(stateCookieValue(secret, state));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export function clearStateCookie(res: Response, state: string): void {
  res.clearCookie(stateCookieName(state), { httpOnly: true, secure: true, sameSite: 'none', path: '/lti' });
}

export interface LoginDeps {
  platforms: PlatformDirectory;
  logins: LtiLoginRepository;
  clock: Clock;
  secret: string;
  /** Where the platform posts the id_token (our one registered redirect URI). */
  launchUrl: string;
  /** Cadre's base URL: target_link_uri must be one of our pages. */
  baseUrl: string;
}

export function oidcLogin(deps: LoginDeps): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const parsed = loginParams.safeParse({ ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) });
      if (!parsed.success || !parsed.data.target_link_uri.startsWith(`${deps.baseUrl}/`)) throw new AppError('lti:login-invalid', {}, 400);
      const params = parsed.data;
      const platform = await deps.platforms.forLogin(params.iss, params.client_id);
      if (!platform) throw new AppError('lti:login-invalid', {}, 400);
      if (!platform.active) throw new AppError('lti:platform-inactive', {}, 401);

      const state = randomBytes(32).toString('base64url');
      const nonce = randomBytes(32).toString('base64url');
      await deps.logins.record({ state, nonce, issuer: platform.issuer }, deps.clock.now());
      res.cookie(stateCookieName(state), stateCookieValue(deps.secret, state), {
        httpOnly: true,
        secure: true,
        sameSite: 'none',
        path: '/lti',
        maxAge: STATE_COOKIE_SECONDS * 1000,
      });
      const auth = new URL(platform.authEndpoint);
      const query: Record<string, string | undefined> = {
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        id_token_signed_response_alg: 'RS256',
        prompt: 'none',
        client_id: platform.clientId,
        redirect_uri: deps.launchUrl,
        login_hint: params.login_hint,
        lti_message_hint: params.lti_message_hint,
        lti_deployment_id: params.lti_deployment_id,
        state,
        nonce,
      };
      for (const [name, value] of Object.entries(query)) if (value !== undefined) auth.searchParams.set(name, value);
      res.redirect(302, auth.toString());
    } catch (error) {
      next(error);
    }
  };
}
