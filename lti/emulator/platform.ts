import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { ALL_SCOPES, CLAIM, MESSAGE_TYPE, ROLE } from '../claims.js';

/**
 * An LTI 1.3 platform emulator: the LMS side of every flow Cadre takes part in.
 * All state is in memory. The HTTP face is in router.ts; this class holds the rules.
 */

export interface EmulatorTool {
  clientId: string;
  name: string;
  initiateLoginUri: string;
  redirectUris: string[];
  jwksUri: string;
  targetLinkUri: string;
  deploymentId: string;
  scopes: string[];
  /** Where a deep linking request goes (defaults to targetLinkUri). */
  deepLinkingUri?: string;
  /** The logo the tool registered (the LMS shows it on its tool and activity pages). */
  logoUri?: string;
}

export interface EmulatorUser {
  id: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  /** Context roles (full URIs). */
  roles: string[];
}

export interface EmulatorLineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  tag?: string;
  resourceLinkId?: string;
  startDateTime?: string;
  endDateTime?: string;
}

export interface EmulatorScore {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  /** 'moodle' score order: the grade's time on record, in whole seconds (Moodle's timemodified). */
  modifiedSeconds?: number;
}

export interface EmulatorResourceLink {
  id: string;
  title: string;
  clientId: string;
  url?: string;
  custom: Record<string, string>;
  lineItemId?: string;
  /** Hidden from learners (Moodle: the activity's eye icon, or an access restriction). */
  hidden?: boolean;
}

export interface EmulatorContext {
  id: string;
  label: string;
  title: string;
  members: EmulatorUser[];
  lineItems: EmulatorLineItem[];
  resourceLinks: EmulatorResourceLink[];
  /** Latest score per line item and user. */
  results: Map<string, EmulatorScore>;
}

export interface LaunchRequest {
  clientId: string;
  userId: string;
  contextId: string;
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  resourceLinkId?: string;
  /** Overrides the member's roles for this launch. */
  roles?: string[];
  deploymentId?: string;
  targetLinkUri?: string;
  documentTarget?: 'iframe' | 'window';
  /** The user's language in the LMS (`launch_presentation.locale`, Moodle: `en`, `fr`…); null leaves it out. Default `fr-FR`. */
  locale?: string | null;
}

interface PendingLaunch extends Required<Pick<LaunchRequest, 'clientId' | 'userId' | 'contextId'>> {
  request: LaunchRequest;
  createdAt: number;
}

export interface ReceivedDeepLink {
  clientId: string;
  contextId: string;
  contentItems: Record<string, unknown>[];
  payload: JWTPayload;
}

export interface EmulatorOptions {
  /** Absolute URL the emulator is served at (its issuer), without trailing slash. */
  baseUrl: string;
  /** Milliseconds since the epoch; injected so tests can age tokens. */
  now?: () => number;
  /** Members per NRPS page. */
  pageSize?: number;
  /** How scores are ordered (see PlatformEmulator.scoreOrder). */
  scoreOrder?: ScoreOrder;
  /**
   * Names context roles in NRPS answers by their short names (`Instructor`, `Learner`), as
   * Moodle's Names and Role service does; other roles stay URIs. Launches keep full URIs.
   */
  shortRoles?: boolean;
}

/**
 * 'strict': a score older than the one on record (to the millisecond) is refused with 409.
 * 'moodle': as Moodle's gradebook services (ltiservice_gradebookservices) do: times in whole
 * seconds; a score whose timestamp is not after the grade's time on record is refused with 409,
 * the same second included; a score without scoreGiven (Pending) is recorded at the platform's
 * own clock, not at its timestamp; scoreGiven is dropped unless FullyGraded.
 */
export type ScoreOrder = 'strict' | 'moodle';

export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_CONTEXT = 'course-101';
const CONTEXT_ROLE_PREFIX = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

export class PlatformEmulator {
  readonly issuer: string;
  /** The kid the platform signs with now (it changes when the platform rotates its key). */
  kid: string;
  readonly tools = new Map<string, EmulatorTool>();
  readonly contexts = new Map<string, EmulatorContext>();
  /** Every score POST accepted, in order (duplicates included): what the tests count. */
  readonly scoreLog: { contextId: string; lineItemId: string; score: EmulatorScore }[] = [];
  readonly deepLinks: ReceivedDeepLink[] = [];
  readonly pageSize: number;
  /** How scores are ordered; tests may switch it. */
  scoreOrder: ScoreOrder;
  readonly shortRoles: boolean;
  private readonly now: () => number;
  private readonly pending = new Map<string, PendingLaunch>();
  private readonly registrationTokens = new Map<string, number>();
  private readonly accessTokens = new Map<string, { clientId: string; scopes: string[]; expiresAt: number }>();
  private readonly usedJti = new Set<string>();
  private readonly toolKeySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  private outage: { status: number; remaining: number } | undefined;
  private readonly retiredJwks: JWK[] = [];

  private constructor(
    options: EmulatorOptions,
    private privateKey: CryptoKey,
    private publicJwk: JWK,
  ) {
    this.issuer = options.baseUrl.replace(/\/$/, '');
    this.now = options.now ?? Date.now;
    this.pageSize = options.pageSize ?? 10;
    this.scoreOrder = options.scoreOrder ?? 'strict';
    this.shortRoles = options.shortRoles ?? false;
    this.kid = publicJwk.kid ?? 'emulator';
    this.addContext(DEFAULT_CONTEXT, 'ANG-B2', 'Anglais professionnel — préparation B2', defaultMembers());
  }

  /** Creates an emulator with a fresh RSA key pair (generated off the event loop). */
  static async create(options: EmulatorOptions): Promise<PlatformEmulator> {
    const { privateKey, jwk } = await PlatformEmulator.newKey();
    return new PlatformEmulator(options, privateKey, jwk);
  }

  private static async newKey(): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const jwk = await exportJWK(publicKey);
    jwk.kid = randomBytes(8).toString('hex');
    jwk.alg = 'RS256';
    jwk.use = 'sig';
    return { privateKey, jwk };
  }

  /** Rotates the platform key, as LMSs do: id_tokens are signed with a new key, under a new kid, from now on; the JWKS lists both. */
  async rotateKey(): Promise<void> {
    const { privateKey, jwk } = await PlatformEmulator.newKey();
    this.retiredJwks.push(this.publicJwk);
    this.privateKey = privateKey;
    this.publicJwk = jwk;
    this.kid = jwk.kid!;
  }

  get defaultContextId(): string {
    return DEFAULT_CONTEXT;
  }

  url(path: string): string {
    return `${this.issuer}${path}`;
  }

  get endpoints() {
    return {
      openidConfiguration: this.url('/.well-known/openid-configuration'),
      authorization: this.url('/auth'),
      token: this.url('/token'),
      jwks: this.url('/jwks'),
      registration: this.url('/register'),
    };
  }

  jwks(): JSONWebKeySet {
    return { keys: [this.publicJwk, ...this.retiredJwks] };
  }

  openidConfiguration(): Record<string, unknown> {
    const e = this.endpoints;
    return {
      issuer: this.issuer,
      authorization_endpoint: e.authorization,
      token_endpoint: e.token,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256'],
      jwks_uri: e.jwks,
      registration_endpoint: e.registration,
      scopes_supported: ['openid', ...ALL_SCOPES],
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email'],
      [CLAIM.platformConfiguration]: {
        product_family_code: 'cadre-emulator',
        version: '1.0',
        messages_supported: [{ type: MESSAGE_TYPE.resourceLink }, { type: MESSAGE_TYPE.deepLinking }],
      },
    };
  }

  // ---------------------------------------------------------------- tools and registration

  /** Registers a tool by hand (what an LMS admin types in). */
  registerTool(tool: Omit<EmulatorTool, 'clientId' | 'deploymentId' | 'scopes'> & Partial<EmulatorTool>): EmulatorTool {
    const full: EmulatorTool = {
      clientId: tool.clientId ?? `client-${randomBytes(6).toString('hex')}`,
      deploymentId: tool.deploymentId ?? `deployment-${randomBytes(4).toString('hex')}`,
      scopes: tool.scopes ?? [...ALL_SCOPES],
      ...tool,
    } as EmulatorTool;
    this.tools.set(full.clientId, full);
    return full;
  }

  /** Starts a dynamic registration: the URL the LMS opens (in an iframe or a window) at the tool. */
  startDynamicRegistration(toolRegistrationUrl: string): string {
    const token = randomBytes(24).toString('base64url');
    this.registrationTokens.set(token, this.now() + 10 * 60_000);
    const url = new URL(toolRegistrationUrl);
    url.searchParams.set('openid_configuration', this.endpoints.openidConfiguration);
    url.searchParams.set('registration_token', token);
    return url.toString();
  }

  /** The registration endpoint (RFC 7591 + LTI Dynamic Registration). */
  completeDynamicRegistration(bearer: string | undefined, body: Record<string, unknown>): Record<string, unknown> {
    const expiry = bearer ? this.registrationTokens.get(bearer) : undefined;
    if (!bearer || expiry === undefined || expiry < this.now()) {
      throw new EmulatorError(401, 'invalid_token', 'Registration token missing, unknown or expired.');
    }
    this.registrationTokens.delete(bearer);
    const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
    const config = body[CLAIM.toolConfiguration] as Record<string, unknown> | undefined;
    const redirectUris = body.redirect_uris;
    if (
      !str(body.initiate_login_uri) ||
      !str(body.jwks_uri) ||
      !Array.isArray(redirectUris) ||
      !redirectUris.every(str) ||
      body.token_endpoint_auth_method !== 'private_key_jwt' ||
      !Array.isArray(body.response_types) ||
      !body.response_types.includes('id_token') ||
      !config ||
      !str(config.target_link_uri)
    ) {
      throw new EmulatorError(400, 'invalid_client_metadata', 'Incomplete tool registration.');
    }
    const requested = str(body.scope) ? body.scope.split(' ') : [];
    const messages = Array.isArray(config.messages) ? (config.messages as { type?: string; target_link_uri?: string }[]) : [];
    const deepLinking = messages.find((m) => m.type === MESSAGE_TYPE.deepLinking);
    const tool = this.registerTool({
      name: str(body.client_name) ? body.client_name : 'Tool',
      initiateLoginUri: body.initiate_login_uri,
      redirectUris: redirectUris as string[],
      jwksUri: body.jwks_uri,
      ...(str(body.logo_uri) ? { logoUri: body.logo_uri } : {}),
      targetLinkUri: config.target_link_uri,
      scopes: requested.filter((s) => ALL_SCOPES.includes(s)),
      ...(deepLinking?.target_link_uri ? { deepLinkingUri: deepLinking.target_link_uri } : {}),
    });
    return {
      ...body,
      client_id: tool.clientId,
      scope: tool.scopes.join(' '),
      [CLAIM.toolConfiguration]: { ...config, deployment_id: tool.deploymentId },
    };
  }

  // ---------------------------------------------------------------- courses

  addContext(id: string, label: string, title: string, members: EmulatorUser[] = []): EmulatorContext {
    const context: EmulatorContext = { id, label, title, members, lineItems: [], resourceLinks: [], results: new Map() };
    this.contexts.set(id, context);
    return context;
  }

  context(id: string): EmulatorContext {
    const context = this.contexts.get(id);
    if (!context) throw new EmulatorError(404, 'not_found', 'Unknown context.');
    return context;
  }

  /** Finds a member, or enrols a new one (launch "as any user"). */
  member(contextId: string, userId: string, roles?: string[]): EmulatorUser {
    const context = this.context(contextId);
    let user = context.members.find((m) => m.id === userId);
    if (!user) {
      user = makeUser(userId, roles ?? [ROLE.learner], context.members.length);
      context.members.push(user);
    }
    return user;
  }

  addResourceLink(contextId: string, link: Omit<EmulatorResourceLink, 'id' | 'custom'> & Partial<EmulatorResourceLink>): EmulatorResourceLink {
    const full: EmulatorResourceLink = { id: link.id ?? `rl-${randomBytes(4).toString('hex')}`, custom: {}, ...link };
    this.context(contextId).resourceLinks.push(full);
    return full;
  }

  /** Hides an activity from learners, as a teacher does in the LMS: they can no longer launch it, and the link's roster leaves them out. */
  hideResourceLink(contextId: string, id: string): void {
    const link = this.context(contextId).resourceLinks.find((l) => l.id === id);
    if (!link) throw new EmulatorError(404, 'not_found', 'Unknown resource link.');
    link.hidden = true;
  }

  /** Deletes an activity as Moodle does: the link and its own (coupled) line item go; line items a tool created for it stay. */
  deleteResourceLink(contextId: string, id: string): void {
    const context = this.context(contextId);
    const link = context.resourceLinks.find((l) => l.id === id);
    if (!link) throw new EmulatorError(404, 'not_found', 'Unknown resource link.');
    context.resourceLinks = context.resourceLinks.filter((l) => l !== link);
    if (link.lineItemId) this.deleteLineItem(contextId, link.lineItemId);
  }

  // ---------------------------------------------------------------- launches

  /**
   * Starts a launch the way an LMS does when a user clicks a link: returns the tool's login
   * initiation URL (third-party initiated login) carrying an opaque lti_message_hint.
   */
  beginLaunch(request: LaunchRequest): string {
    const tool = this.tool(request.clientId);
    const user = this.member(request.contextId, request.userId, request.roles);
    const link = this.context(request.contextId).resourceLinks.find((l) => l.id === request.resourceLinkId);
    if (link?.hidden && !(request.roles ?? user.roles).includes(ROLE.instructor)) throw new EmulatorError(403, 'forbidden', 'This activity is hidden.');
    const hint = randomBytes(16).toString('hex');
    this.pending.set(hint, { clientId: tool.clientId, userId: request.userId, contextId: request.contextId, request, createdAt: this.now() });
    const url = new URL(tool.initiateLoginUri);
    url.searchParams.set('iss', this.issuer);
    url.searchParams.set('login_hint', request.userId);
    url.searchParams.set('target_link_uri', this.targetLinkUri(tool, request));
    url.searchParams.set('lti_message_hint', hint);
    url.searchParams.set('client_id', tool.clientId);
    url.searchParams.set('lti_deployment_id', request.deploymentId ?? tool.deploymentId);
    return url.toString();
  }

  /**
   * The OIDC authorization endpoint: checks the tool's authentication request and answers with
   * the signed id_token to post to redirect_uri.
   */
  async authorize(params: Record<string, unknown>): Promise<{ redirectUri: string; idToken: string; state: string }> {
    const p = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : undefined);
    const tool = this.tools.get(p('client_id') ?? '');
    if (!tool) throw new EmulatorError(400, 'unauthorized_client', 'Unknown client_id.');
    const redirectUri = p('redirect_uri');
    if (!redirectUri || !tool.redirectUris.includes(redirectUri)) throw new EmulatorError(400, 'invalid_request', 'redirect_uri not registered.');
    if (p('response_type') !== 'id_token' || p('scope') !== 'openid' || p('response_mode') !== 'form_post') {
      throw new EmulatorError(400, 'invalid_request', 'Expected response_type=id_token, scope=openid, response_mode=form_post.');
    }
    const nonce = p('nonce');
    const state = p('state');
    if (!nonce || !state) throw new EmulatorError(400, 'invalid_request', 'nonce and state are required.');
    const hint = p('lti_message_hint') ?? '';
    const launch = this.pending.get(hint);
    if (!launch || launch.clientId !== tool.clientId || launch.userId !== p('login_hint')) {
      throw new EmulatorError(400, 'login_required', 'Unknown or mismatched login.');
    }
    this.pending.delete(hint);
    const claims = this.launchClaims(launch.request, nonce);
    return { redirectUri, idToken: await this.signIdToken(claims), state };
  }

  /** The claims of an id_token for this launch (tests alter them to forge bad launches). */
  launchClaims(request: LaunchRequest, nonce: string): JWTPayload {
    const tool = this.tool(request.clientId);
    const context = this.context(request.contextId);
    const user = this.member(request.contextId, request.userId, request.roles);
    const messageType = request.messageType ?? MESSAGE_TYPE.resourceLink;
    const iat = Math.floor(this.now() / 1000);
    const claims: JWTPayload & Record<string, unknown> = {
      iss: this.issuer,
      aud: tool.clientId,
      sub: user.id,
      iat,
      exp: iat + 60,
      nonce,
      name: user.name,
      given_name: user.givenName,
      family_name: user.familyName,
      email: user.email,
      [CLAIM.messageType]: messageType,
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: request.deploymentId ?? tool.deploymentId,
      [CLAIM.targetLinkUri]: this.targetLinkUri(tool, request),
      [CLAIM.roles]: request.roles ?? user.roles,
      [CLAIM.context]: { id: context.id, label: context.label, title: context.title, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      [CLAIM.toolPlatform]: { guid: this.issuer, name: 'Cadre platform emulator', product_family_code: 'cadre-emulator', version: '1.0' },
      [CLAIM.launchPresentation]: {
        document_target: request.documentTarget ?? 'iframe',
        return_url: this.url(`/course/${context.id}`),
        ...(request.locale === null ? {} : { locale: request.locale ?? 'fr-FR' }),
      },
      [CLAIM.ags]: {
        scope: tool.scopes.filter((s) => s.includes('lti-ags')),
        lineitems: this.url(`/api/contexts/${context.id}/lineitems`),
      },
      [CLAIM.nrps]: { context_memberships_url: this.url(`/api/contexts/${context.id}/memberships`), service_versions: ['2.0'] },
    };
    if (messageType === MESSAGE_TYPE.resourceLink) {
      const link = context.resourceLinks.find((l) => l.id === request.resourceLinkId) ?? {
        id: request.resourceLinkId ?? 'rl-default',
        title: 'Certification',
        custom: {},
      };
      claims[CLAIM.resourceLink] = { id: link.id, title: link.title };
      claims[CLAIM.custom] = link.custom;
      if ('lineItemId' in link && link.lineItemId) (claims[CLAIM.ags] as Record<string, unknown>).lineitem = link.lineItemId;
    } else {
      claims[CLAIM.deepLinkingSettings] = {
        deep_link_return_url: this.url(`/deep-link-return`),
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: false,
        auto_create: true,
        data: `${tool.clientId}|${context.id}`,
      };
    }
    return claims;
  }

  /** Signs an id_token with the platform key (or any other key/alg/kid, to forge bad ones). */
  async signIdToken(claims: JWTPayload, options: { key?: CryptoKey; kid?: string } = {}): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? this.kid }).sign(options.key ?? this.privateKey);
  }

  private targetLinkUri(tool: EmulatorTool, request: LaunchRequest): string {
    if (request.targetLinkUri) return request.targetLinkUri;
    if (request.messageType === MESSAGE_TYPE.deepLinking) return tool.deepLinkingUri ?? tool.targetLinkUri;
    const link = this.contexts.get(request.contextId)?.resourceLinks.find((l) => l.id === request.resourceLinkId);
    return link?.url ?? tool.targetLinkUri;
  }

  tool(clientId: string): EmulatorTool {
    const tool = this.tools.get(clientId);
    if (!tool) throw new EmulatorError(400, 'unauthorized_client', 'Unknown client_id.');
    return tool;
  }

  // ---------------------------------------------------------------- deep linking

  /** Receives the tool's deep linking response (a JWT signed with the tool's key). */
  async receiveDeepLink(jwt: string | undefined): Promise<ReceivedDeepLink> {
    if (!jwt) throw new EmulatorError(400, 'invalid_request', 'Missing JWT.');
    const unverified = decodePayload(jwt);
    const tool = this.tool(String(unverified.iss ?? ''));
    const { payload } = await jwtVerify(jwt, this.toolKeySet(tool), {
      issuer: tool.clientId,
      audience: this.issuer,
      algorithms: ['RS256'],
      currentDate: new Date(this.now()),
    }).catch(() => {
      throw new EmulatorError(401, 'invalid_signature', 'Deep linking response not verified.');
    });
    if (payload[CLAIM.messageType] !== MESSAGE_TYPE.deepLinkingResponse || payload[CLAIM.version] !== '1.3.0' || typeof payload.nonce !== 'string') {
      throw new EmulatorError(400, 'invalid_request', 'Not an LTI deep linking response.');
    }
    if (payload[CLAIM.deploymentId] !== tool.deploymentId) throw new EmulatorError(400, 'invalid_request', 'Wrong deployment_id.');
    const [dataClient, contextId] = String(payload[CLAIM.dlData] ?? '').split('|');
    if (dataClient !== tool.clientId || !contextId) throw new EmulatorError(400, 'invalid_request', 'Deep linking data claim not returned.');
    const items = (payload[CLAIM.dlContentItems] ?? []) as Record<string, unknown>[];
    for (const item of items) {
      if (item.type !== 'ltiResourceLink') continue;
      const link = this.addResourceLink(contextId, {
        title: String(item.title ?? 'Activity'),
        clientId: tool.clientId,
        ...(typeof item.url === 'string' ? { url: item.url } : {}),
        custom: (item.custom ?? {}) as Record<string, string>,
      });
      const lineItem = item.lineItem as Record<string, unknown> | undefined;
      if (lineItem) {
        const created = this.createLineItem(contextId, { ...lineItem, resourceLinkId: link.id });
        link.lineItemId = created.id;
      }
    }
    const received = { clientId: tool.clientId, contextId, contentItems: items, payload };
    this.deepLinks.push(received);
    return received;
  }

  private toolKeySet(tool: EmulatorTool) {
    let set = this.toolKeySets.get(tool.jwksUri);
    if (!set) {
      set = createRemoteJWKSet(new URL(tool.jwksUri), { cooldownDuration: 0 });
      this.toolKeySets.set(tool.jwksUri, set);
    }
    return set;
  }

  // ---------------------------------------------------------------- services: outage, token

  /** Makes the service endpoints (token, AGS, NRPS) answer `status` for the next `count` calls. */
  setOutage(status: number, count = Number.POSITIVE_INFINITY): void {
    this.outage = { status, remaining: count };
  }

  clearOutage(): void {
    this.outage = undefined;
  }

  /** Consumes one failure if an outage is on; returns the status to answer with. */
  takeOutage(): number | undefined {
    if (!this.outage || this.outage.remaining <= 0) return undefined;
    this.outage.remaining -= 1;
    return this.outage.status;
  }

  /** The token endpoint: client_credentials with a private_key_jwt client assertion. */
  async issueAccessToken(form: Record<string, unknown>): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number; scope: string }> {
    if (form.grant_type !== 'client_credentials') throw new EmulatorError(400, 'unsupported_grant_type', 'client_credentials only.');
    if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || typeof form.client_assertion !== 'string') {
      throw new EmulatorError(400, 'invalid_client', 'A JWT client assertion is required.');
    }
    const unverified = decodePayload(form.client_assertion);
    const tool = this.tools.get(String(unverified.iss ?? ''));
    if (!tool) throw new EmulatorError(401, 'invalid_client', 'Unknown client.');
    const { payload } = await jwtVerify(form.client_assertion, this.toolKeySet(tool), {
      issuer: tool.clientId,
      subject: tool.clientId,
      audience: [this.endpoints.token, this.issuer],
      algorithms: ['RS256'],
      currentDate: new Date(this.now()),
    }).catch(() => {
      throw new EmulatorError(401, 'invalid_client', 'Client assertion not verified.');
    });
    if (!payload.jti || this.usedJti.has(payload.jti)) throw new EmulatorError(401, 'invalid_client', 'Client assertion replayed.');
    this.usedJti.add(payload.jti);
    const scopes = String(form.scope ?? '')
      .split(' ')
      .filter(Boolean);
    if (scopes.length === 0 || !scopes.every((s) => tool.scopes.includes(s))) throw new EmulatorError(400, 'invalid_scope', 'Scope not granted.');
    const token = randomBytes(24).toString('base64url');
    this.accessTokens.set(token, { clientId: tool.clientId, scopes, expiresAt: this.now() + 3600_000 });
    return { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: scopes.join(' ') };
  }

  /** Checks a bearer token for one of the scopes; returns the client it was issued to. */
  authorizeService(authorization: string | undefined, anyOf: string[]): string {
    const token = authorization?.match(/^Bearer (.+)$/i)?.[1];
    const grant = token ? this.accessTokens.get(token) : undefined;
    if (!grant || grant.expiresAt < this.now()) throw new EmulatorError(401, 'invalid_token', 'Missing or expired access token.');
    if (!anyOf.some((s) => grant.scopes.includes(s))) throw new EmulatorError(403, 'insufficient_scope', 'Scope not granted.');
    return grant.clientId;
  }

  // ---------------------------------------------------------------- AGS

  lineItemUrl(contextId: string, id: string): string {
    return this.url(`/api/contexts/${contextId}/lineitems/${id}`);
  }

  createLineItem(contextId: string, body: Record<string, unknown>): EmulatorLineItem {
    const scoreMaximum = Number(body.scoreMaximum);
    if (typeof body.label !== 'string' || !body.label || !(scoreMaximum > 0)) {
      throw new EmulatorError(400, 'invalid_request', 'A line item needs a label and a positive scoreMaximum.');
    }
    const item: EmulatorLineItem = {
      id: this.lineItemUrl(contextId, randomUUID()),
      label: body.label,
      scoreMaximum,
      ...pickStrings(body, ['resourceId', 'tag', 'resourceLinkId', 'startDateTime', 'endDateTime']),
    };
    this.context(contextId).lineItems.push(item);
    return item;
  }

  findLineItems(contextId: string, filter: { resourceLinkId?: string; resourceId?: string; tag?: string }): EmulatorLineItem[] {
    return this.context(contextId).lineItems.filter(
      (li) =>
        (!filter.resourceLinkId || li.resourceLinkId === filter.resourceLinkId) &&
        (!filter.resourceId || li.resourceId === filter.resourceId) &&
        (!filter.tag || li.tag === filter.tag),
    );
  }

  deleteLineItem(contextId: string, lineItemUrl: string): void {
    const context = this.context(contextId);
    const item = this.lineItem(contextId, lineItemUrl);
    context.lineItems = context.lineItems.filter((li) => li !== item);
    for (const key of [...context.results.keys()]) if (key.startsWith(`${item.id} `)) context.results.delete(key);
  }

  lineItem(contextId: string, lineItemUrl: string): EmulatorLineItem {
    const item = this.context(contextId).lineItems.find((li) => li.id === lineItemUrl);
    if (!item) throw new EmulatorError(404, 'not_found', 'Unknown line item.');
    return item;
  }

  /** Records a score (AGS Score Publish Service). Older timestamps than the one on record are refused (see scoreOrder). */
  recordScore(contextId: string, lineItemUrl: string, body: Record<string, unknown>): void {
    const item = this.lineItem(contextId, lineItemUrl);
    const progress = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'];
    const grading = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'];
    if (
      typeof body.userId !== 'string' ||
      typeof body.timestamp !== 'string' ||
      Number.isNaN(Date.parse(body.timestamp)) ||
      !progress.includes(String(body.activityProgress)) ||
      !grading.includes(String(body.gradingProgress))
    ) {
      throw new EmulatorError(400, 'invalid_request', 'Malformed score.');
    }
    if (body.scoreGiven !== undefined) {
      const given = Number(body.scoreGiven);
      const max = Number(body.scoreMaximum);
      if (!(given >= 0) || !(max > 0)) throw new EmulatorError(400, 'invalid_request', 'scoreGiven needs a positive scoreMaximum.');
    }
    const key = `${item.id} ${body.userId}`;
    const context = this.context(contextId);
    const previous = context.results.get(key);
    const moodle = this.scoreOrder === 'moodle';
    const seconds = Math.floor(Date.parse(body.timestamp) / 1000);
    if (moodle && previous?.modifiedSeconds !== undefined && previous.modifiedSeconds >= seconds) {
      throw new EmulatorError(409, 'conflict', `Refusing score with an earlier timestamp for item ${item.id} and user ${body.userId}`);
    }
    if (!moodle && previous && Date.parse(previous.timestamp) > Date.parse(body.timestamp)) {
      throw new EmulatorError(409, 'conflict', 'A newer score is on record.');
    }
    const given = body.scoreGiven !== undefined && (!moodle || body.gradingProgress === 'FullyGraded');
    const score: EmulatorScore = {
      userId: body.userId,
      activityProgress: String(body.activityProgress),
      gradingProgress: String(body.gradingProgress),
      timestamp: body.timestamp,
      ...(given ? { scoreGiven: Number(body.scoreGiven), scoreMaximum: Number(body.scoreMaximum) } : {}),
      ...(typeof body.comment === 'string' ? { comment: body.comment } : {}),
      ...(moodle ? { modifiedSeconds: body.scoreGiven !== undefined ? seconds : Math.floor(this.now() / 1000) } : {}),
    };
    context.results.set(key, score);
    this.scoreLog.push({ contextId, lineItemId: item.id, score });
  }

  /** What the gradebook holds now for one user on one line item (the latest accepted score). */
  heldScore(contextId: string, lineItemUrl: string, userId: string): EmulatorScore | undefined {
    return this.context(contextId).results.get(`${lineItemUrl} ${userId}`);
  }

  results(contextId: string, lineItemUrl: string): Record<string, unknown>[] {
    const item = this.lineItem(contextId, lineItemUrl);
    return [...this.context(contextId).results.entries()]
      .filter(([key]) => key.startsWith(`${item.id} `))
      .map(([, s]) => ({
        id: `${item.id}/results/${encodeURIComponent(s.userId)}`,
        scoreOf: item.id,
        userId: s.userId,
        resultScore: s.scoreGiven,
        resultMaximum: s.scoreMaximum,
        comment: s.comment,
      }));
  }

  // ---------------------------------------------------------------- NRPS

  /** One page of the membership container, with the URL of the next page if any. */
  memberships(contextId: string, query: { limit?: number; page?: number; role?: string; rlid?: string }): { body: Record<string, unknown>; next?: string } {
    const context = this.context(contextId);
    const limit = Math.max(1, Math.min(query.limit ?? this.pageSize, 100));
    const page = Math.max(1, query.page ?? 1);
    // A resource link's membership (rlid): the members who can reach it; an unknown link is 404, as in Moodle.
    const link = query.rlid === undefined ? undefined : context.resourceLinks.find((l) => l.id === query.rlid);
    if (query.rlid !== undefined && !link) throw new EmulatorError(404, 'not_found', 'Unknown resource link.');
    const members = context.members
      .filter((m) => !query.role || m.roles.some((r) => r === query.role || r.endsWith(`#${query.role}`)))
      .filter((m) => !link?.hidden || m.roles.includes(ROLE.instructor));
    const slice = members.slice((page - 1) * limit, page * limit);
    const body = {
      id: this.url(`/api/contexts/${contextId}/memberships`),
      context: { id: context.id, label: context.label, title: context.title },
      members: slice.map((m) => ({
        status: 'Active',
        name: m.name,
        given_name: m.givenName,
        family_name: m.familyName,
        email: m.email,
        user_id: m.id,
        roles: this.shortRoles ? m.roles.map((r) => r.replace(CONTEXT_ROLE_PREFIX, '')) : m.roles,
      })),
    };
    if (page * limit >= members.length) return { body };
    const next = new URL(this.url(`/api/contexts/${contextId}/memberships`));
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('page', String(page + 1));
    if (query.role) next.searchParams.set('role', query.role);
    if (query.rlid) next.searchParams.set('rlid', query.rlid);
    return { body, next: next.toString() };
  }
}

function decodePayload(jwt: string): JWTPayload {
  try {
    const part = jwt.split('.')[1] ?? '';
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as JWTPayload;
  } catch {
    throw new EmulatorError(400, 'invalid_request', 'Malformed JWT.');
  }
}

function pickStrings(source: Record<string, unknown>, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) if (typeof source[key] === 'string') out[key] = source[key] as string;
  return out;
}

const GIVEN = ['Amina', 'Bruno', 'Chloé', 'David', 'Élodie', 'Farid', 'Gaëlle', 'Hugo', 'Inès', 'Jules', 'Karima', 'Léo', 'Maya', 'Nathan', 'Océane'];
const FAMILY = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
];

/**
 * The index-th person of a course: a distinct name for each of the first 225 (every given name
 * with every family name once), so a demo roster never shows two people under one name.
 */
function makeUser(id: string, roles: string[], index = 0): EmulatorUser {
  const givenName = GIVEN[index % GIVEN.length] ?? 'Alex';
  const familyName = FAMILY[(index * 7 + Math.floor(index / GIVEN.length)) % FAMILY.length] ?? 'Dupont';
  return { id, givenName, familyName, name: `${givenName} ${familyName}`, email: `${id}@example.test`, roles };
}

/** One instructor and 24 learners: enough for a roster spread over several NRPS pages. */
function defaultMembers(): EmulatorUser[] {
  // The instructor after the 24 learners: a name of their own.
  const members = [makeUser('instructor-1', [ROLE.instructor], 24)];
  for (let i = 1; i <= 24; i++) members.push(makeUser(`learner-${i}`, [ROLE.learner], i - 1));
  return members;
}
