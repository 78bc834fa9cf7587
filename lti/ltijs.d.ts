/**
 * Our own declarations for the parts of ltijs 5.9.9 that Cadre uses.
 * `@types/ltijs` describes an older API (4.x); these follow the 5.9.9 sources in
 * node_modules/ltijs/dist. Only files under lti/ import 'ltijs'.
 */
declare module 'ltijs' {
  import type { Application, NextFunction, Request, Response } from 'express';

  /** The document shapes ltijs hands to its database plugin (one per collection). */
  export type LtijsCollection =
    | 'idtoken'
    | 'contexttoken'
    | 'platform'
    | 'platformStatus'
    | 'privatekey'
    | 'publickey'
    | 'accesstoken'
    | 'nonce'
    | 'state';

  export type LtijsDocument = Record<string, unknown>;

  /**
   * The database plugin interface: what ltijs calls on `database.plugin`.
   * `encryptionKey` is a string when the document is stored encrypted (keys, access tokens),
   * false otherwise. Get answers false when nothing matches (never an empty array).
   */
  export interface LtijsDatabasePlugin {
    setup(): Promise<boolean>;
    Close(): Promise<boolean>;
    Get(encryptionKey: string | false, collection: LtijsCollection, query?: LtijsDocument): Promise<LtijsDocument[] | false>;
    Insert(encryptionKey: string | false, collection: LtijsCollection, item: LtijsDocument, index?: LtijsDocument): Promise<boolean>;
    Replace(
      encryptionKey: string | false,
      collection: LtijsCollection,
      query: LtijsDocument,
      item: LtijsDocument,
      index?: LtijsDocument,
    ): Promise<boolean>;
    Modify(encryptionKey: string | false, collection: LtijsCollection, query: LtijsDocument, modification: LtijsDocument): Promise<boolean>;
    Delete(collection: LtijsCollection, query: LtijsDocument): Promise<boolean>;
  }

  export interface AuthConfig {
    method: 'RSA_KEY' | 'JWK_KEY' | 'JWK_SET';
    key: string;
  }

  export interface PlatformRegistration {
    url: string;
    name: string;
    clientId: string;
    authenticationEndpoint: string;
    accesstokenEndpoint: string;
    authorizationServer?: string;
    authConfig: AuthConfig;
  }

  export interface Platform {
    platformUrl(): Promise<string>;
    platformClientId(): Promise<string>;
    platformName(name?: string): Promise<string>;
    platformKid(): Promise<string>;
    platformActive(active?: boolean): Promise<boolean>;
    platformAuthConfig(): Promise<AuthConfig>;
    platformAccessToken(scopes: string): Promise<{ access_token: string; token_type: string; expires_in: number; scope?: string }>;
    platformPublicKey(): Promise<string>;
    platformPrivateKey(): Promise<string>;
    delete(): Promise<true>;
  }

  /** The context part of an ltijs id token (what it stores as 'contexttoken'). */
  export interface PlatformContext {
    contextId?: string;
    user?: string;
    roles?: string[];
    path?: string;
    targetLinkUri?: string;
    context?: { id: string; label?: string; title?: string; type?: string[] };
    resource?: { id: string; title?: string; description?: string };
    custom?: Record<string, string>;
    launchPresentation?: { document_target?: string; return_url?: string; locale?: string };
    messageType?: string;
    version?: string;
    deepLinkingSettings?: {
      deep_link_return_url: string;
      accept_types: string[];
      accept_presentation_document_targets?: string[];
      accept_multiple?: boolean | string;
      auto_create?: boolean | string;
      data?: string;
      title?: string;
    };
    lis?: Record<string, unknown>;
    endpoint?: { scope?: string[]; lineitems?: string; lineitem?: string };
    namesRoles?: { context_memberships_url: string; service_versions?: string[] };
  }

  /** The validated launch ltijs exposes as res.locals.token (and what its services take). */
  export interface IdToken {
    iss: string;
    user: string;
    userInfo?: { given_name?: string; family_name?: string; name?: string; email?: string };
    platformInfo?: Record<string, unknown>;
    clientId: string;
    platformId?: string;
    deploymentId: string;
    platformContext: PlatformContext;
  }

  export interface LineItem {
    id?: string;
    scoreMaximum: number;
    label: string;
    resourceId?: string;
    tag?: string;
    resourceLinkId?: string;
    startDateTime?: string;
    endDateTime?: string;
  }

  export interface Score {
    userId?: string;
    scoreGiven?: number;
    scoreMaximum?: number;
    comment?: string;
    activityProgress: 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
    gradingProgress: 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';
    timestamp?: string;
  }

  export interface GradeService {
    getLineItems(
      idtoken: IdToken,
      options?: { resourceLinkId?: boolean; resourceId?: string; tag?: string; limit?: number; id?: string; label?: string; url?: string },
    ): Promise<{ lineItems: LineItem[]; next?: string; prev?: string; first?: string; last?: string }>;
    createLineItem(idtoken: IdToken, lineItem: LineItem, options?: { resourceLinkId?: boolean }): Promise<LineItem>;
    submitScore(idtoken: IdToken, lineItemId: string, score: Score): Promise<Score>;
  }

  export interface Member {
    status?: string;
    name?: string;
    given_name?: string;
    family_name?: string;
    email?: string;
    user_id: string;
    roles: string[];
  }

  export interface NamesAndRolesService {
    getMembers(
      idtoken: IdToken,
      options?: { role?: string; limit?: number; pages?: number | false; url?: string; resourceLinkId?: boolean },
    ): Promise<{ id?: string; context?: Record<string, unknown>; members: Member[]; next?: string; differences?: string }>;
  }

  export interface ContentItem {
    type: 'ltiResourceLink' | 'link' | 'html' | 'image' | 'file';
    title?: string;
    text?: string;
    url?: string;
    custom?: Record<string, string>;
    lineItem?: { scoreMaximum: number; label: string; resourceId?: string; tag?: string };
    available?: { startDateTime?: string; endDateTime?: string };
    submission?: { startDateTime?: string; endDateTime?: string };
    window?: { targetName?: string };
    iframe?: { width?: number; height?: number };
  }

  export interface DeepLinkingService {
    createDeepLinkingMessage(
      idtoken: IdToken,
      contentItems: ContentItem[],
      options?: { message?: string; errMessage?: string; log?: string; errLog?: string },
    ): Promise<string>;
    createDeepLinkingForm(idtoken: IdToken, contentItems: ContentItem[], options?: { message?: string }): Promise<string>;
  }

  export interface DynamicRegistrationService {
    register(openidConfiguration: string, registrationToken?: string, options?: Record<string, unknown>): Promise<string>;
  }

  export type LtiCallback = (token: IdToken, req: Request, res: Response, next: NextFunction) => unknown;
  export type LtiErrorCallback = (req: Request, res: Response, next?: NextFunction) => unknown;

  export interface ProviderOptions {
    appRoute?: string;
    loginRoute?: string;
    keysetRoute?: string;
    dynRegRoute?: string;
    cors?: boolean;
    /** Undocumented: no platform cookie, launch handed to the next handler without a redirect. */
    ltiaas?: boolean;
    devMode?: boolean;
    tokenMaxAge?: number | false;
    cookies?: { secure?: boolean; sameSite?: 'None' | 'Lax' | 'Strict'; domain?: string };
    serverAddon?: (app: Application) => void;
    dynReg?: {
      url: string;
      name: string;
      logo?: string;
      description?: string;
      redirectUris?: string[];
      customParameters?: Record<string, string>;
      autoActivate?: boolean;
      useDeepLinking?: boolean;
    };
  }

  export interface ProviderInstance {
    /** The express 4 application ltijs builds; mount it inside ours. */
    app: Application;
    Database: LtijsDatabasePlugin;
    Grade: GradeService;
    NamesAndRoles: NamesAndRolesService;
    DeepLinking: DeepLinkingService;
    DynamicRegistration?: DynamicRegistrationService;
    setup(encryptionKey: string, database: { plugin: LtijsDatabasePlugin }, options?: ProviderOptions): ProviderInstance;
    deploy(options: { serverless: true; silent?: boolean }): Promise<true>;
    onConnect(cb: LtiCallback): true;
    onDeepLinking(cb: LtiCallback): true;
    onDynamicRegistration(cb: (req: Request, res: Response, next: NextFunction) => unknown): true;
    onInvalidToken(cb: LtiErrorCallback): true;
    onSessionTimeout(cb: LtiErrorCallback): true;
    onUnregisteredPlatform(cb: LtiErrorCallback): true;
    onInactivePlatform(cb: LtiErrorCallback): true;
    getPlatform(url: string, clientId: string): Promise<Platform | false>;
    getPlatform(url: string): Promise<Platform[] | false>;
    getAllPlatforms(): Promise<Platform[]>;
    appRoute(): string;
    loginRoute(): string;
    keysetRoute(): string;
    dynRegRoute(): string;
  }

  /** The shared singleton; `Object.getPrototypeOf(Provider).constructor` builds independent ones. */
  export const Provider: ProviderInstance;
}
