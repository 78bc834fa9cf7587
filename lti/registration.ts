import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { OneTimeTokenRepository } from '../server/storage/repositories/one-time-token-repository.js';
import { guardedJson, type GuardedFetchOptions } from './guarded-fetch.js';
import { AppError } from '../server/errors.js';
import { ALL_SCOPES, CLAIM, MESSAGE_TYPE } from './claims.js';
import type { Platform, PlatformDirectory } from './platforms.js';

/** The tool's public URLs, from the base URL LMSs reach. */
export function toolUrls(publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    base,
    login: `${base}/lti/login`,
    launch: `${base}/lti/launch`,
    deepLinking: `${base}/lti/launch`,
    jwks: `${base}/lti/keys`,
    dynamicRegistration: `${base}/lti/register`,
    canvasConfig: `${base}/lti/canvas.json`,
  };
}

const openidConfigurationSchema = z.looseObject({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  registration_endpoint: z.url(),
  authorization_server: z.string().optional(),
  scopes_supported: z.array(z.string()).optional(),
  claims_supported: z.array(z.string()).optional(),
  [CLAIM.platformConfiguration]: z.looseObject({ product_family_code: z.string().optional(), version: z.string().optional() }).optional(),
});

const registrationResponseSchema = z.looseObject({
  client_id: z.string().min(1),
  [CLAIM.toolConfiguration]: z.looseObject({ deployment_id: z.string().min(1).optional() }).optional(),
});

export interface DynamicRegistrationOptions {
  publicUrl: string;
  autoActivate: boolean;
  acceptNewDeployments: boolean;
  /** May the platform's URLs be loopback, private or link-local addresses (config.lti.registrationPrivateAddresses)? */
  privateAddresses: boolean;
  timeoutMs?: number;
}

async function fetchJson(url: string, init: Omit<GuardedFetchOptions, 'timeoutMs' | 'privateAddresses'>, options: DynamicRegistrationOptions, what: string) {
  let answer: { status: number; json: unknown };
  try {
    answer = await guardedJson(url, { ...init, timeoutMs: options.timeoutMs ?? 10_000, privateAddresses: options.privateAddresses });
  } catch (error) {
    throw new AppError('lti:registration-failed', { reason: `${what}: ${error instanceof Error ? error.message : 'no answer'}` }, 502);
  }
  if (answer.status < 200 || answer.status >= 300) throw new AppError('lti:registration-failed', { reason: `${what}: HTTP ${answer.status}` }, 502);
  return answer.json;
}

/** How long a registration URL issued by a Cadre admin stays valid (it is also single-use). */
export const REGISTRATION_URL_DAYS = 7;

/**
 * The Tool URL an LMS administrator pastes for dynamic registration, with a single-use token a
 * Cadre admin issued (`npm run platform -- registration-url`, or /admin/lti signed in).
 */
export async function issueRegistrationUrl(
  tokens: OneTimeTokenRepository,
  now: Date,
  input: { publicUrl: string; issuedBy: string; days?: number },
): Promise<{ url: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + (input.days ?? REGISTRATION_URL_DAYS) * 86_400_000);
  await tokens.issue({ token, purpose: 'lti-registration', subject: input.issuedBy, expiresAt }, now);
  return { url: `${toolUrls(input.publicUrl).dynamicRegistration}?token=${token}`, expiresAt };
}

/**
 * LTI Dynamic Registration (Moodle 4.1+ "Tool URL" flow): reads the platform's OpenID
 * configuration, registers Cadre at its registration endpoint with the registration token, and
 * stores the platform (active at once, or waiting for approval, per configuration) with its
 * deployment and a fresh tool key pair.
 */
export async function registerDynamically(
  platforms: PlatformDirectory,
  options: DynamicRegistrationOptions,
  openidConfigurationUrl: string,
  registrationToken: string | undefined,
): Promise<Platform> {
  let configUrl: URL;
  try {
    configUrl = new URL(openidConfigurationUrl);
  } catch {
    throw new AppError('lti:registration-failed', { reason: 'openid_configuration is not a URL' }, 400);
  }
  const parsed = openidConfigurationSchema.safeParse(
    await fetchJson(configUrl.toString(), { headers: { accept: 'application/json' } }, options, 'OpenID configuration'),
  );
  if (!parsed.success) throw new AppError('lti:registration-failed', { reason: 'incomplete OpenID configuration' }, 502);
  const config = parsed.data;
  // The configuration must come from the platform it describes.
  if (new URL(config.issuer).origin !== configUrl.origin) throw new AppError('lti:registration-failed', { reason: 'issuer and configuration URL differ' }, 400);

  const urls = toolUrls(options.publicUrl);
  const offered = config.scopes_supported;
  const scopes = offered ? ALL_SCOPES.filter((s) => offered.includes(s)) : [...ALL_SCOPES];
  const registration = {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: urls.login,
    redirect_uris: [urls.launch],
    client_name: 'Cadre',
    jwks_uri: urls.jwks,
    logo_uri: `${urls.base}/assets/logo.svg`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: scopes.join(' '),
    [CLAIM.toolConfiguration]: {
      domain: new URL(urls.base).host,
      description: 'Certification en langues selon le CECRL : test adaptatif, entretien oral, certificat.',
      target_link_uri: urls.launch,
      claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
      messages: [
        { type: MESSAGE_TYPE.resourceLink },
        { type: MESSAGE_TYPE.deepLinking, target_link_uri: urls.deepLinking, label: 'Cadre — certification CECRL' },
      ],
    },
  };
  const answer = registrationResponseSchema.safeParse(
    await fetchJson(
      config.registration_endpoint,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {}),
        },
        body: JSON.stringify(registration),
      },
      options,
      'registration',
    ),
  );
  if (!answer.success) throw new AppError('lti:registration-failed', { reason: 'the platform gave no client_id' }, 502);
  const clientId = answer.data.client_id;
  if (await platforms.find(config.issuer, clientId)) throw new AppError('lti:registration-failed', { reason: 'already registered' }, 409);
  const deploymentId = answer.data[CLAIM.toolConfiguration]?.deployment_id;
  const family = config[CLAIM.platformConfiguration]?.product_family_code ?? 'LMS';
  return platforms.register({
    issuer: config.issuer,
    clientId,
    name: `${family} — ${new URL(config.issuer).host}`,
    authEndpoint: config.authorization_endpoint,
    tokenEndpoint: config.token_endpoint,
    authorizationServer: config.authorization_server,
    jwksUri: config.jwks_uri,
    deploymentIds: deploymentId ? [deploymentId] : [],
    active: options.autoActivate,
    // With no deployment_id in the answer, the first launch has to bring it.
    acceptNewDeployments: options.acceptNewDeployments || !deploymentId,
    registeredBy: 'dynamic',
  });
}

/** The Canvas LTI 1.3 developer key JSON configuration. */
export function canvasConfiguration(publicUrl: string): Record<string, unknown> {
  const urls = toolUrls(publicUrl);
  return {
    title: 'Cadre',
    description: 'Certification en langues selon le CECRL : test adaptatif sous surveillance, entretien oral, certificat, notes dans le carnet.',
    oidc_initiation_url: urls.login,
    target_link_uri: urls.launch,
    public_jwk_url: urls.jwks,
    scopes: [...ALL_SCOPES],
    extensions: [
      {
        domain: new URL(urls.base).host,
        tool_id: 'cadre',
        platform: 'canvas.instructure.com',
        privacy_level: 'public',
        settings: {
          text: 'Cadre',
          placements: [
            {
              placement: 'assignment_selection',
              message_type: MESSAGE_TYPE.deepLinking,
              target_link_uri: urls.deepLinking,
              text: 'Cadre — certification CECRL',
            },
            { placement: 'link_selection', message_type: MESSAGE_TYPE.deepLinking, target_link_uri: urls.deepLinking, text: 'Cadre — certification CECRL' },
            {
              placement: 'course_navigation',
              message_type: MESSAGE_TYPE.resourceLink,
              target_link_uri: urls.launch,
              text: 'Cadre',
              visibility: 'admins',
              default: 'enabled',
            },
          ],
        },
      },
    ],
    custom_fields: {},
  };
}
