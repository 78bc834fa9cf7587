import { randomBytes } from 'node:crypto';
import type { Clock } from '../server/clock.js';
import type { Platform, RegisteredBy } from '../server/storage/repositories/lti-repositories.js';
import type { Storage } from '../server/storage/storage.js';
import { ToolKeys } from './tool-keys.js';

export type { Platform, RegisteredBy } from '../server/storage/repositories/lti-repositories.js';

export interface NewPlatform {
  issuer: string;
  clientId: string;
  name: string;
  authEndpoint: string;
  tokenEndpoint: string;
  authorizationServer?: string | undefined;
  jwksUri: string;
  deploymentIds: string[];
  active: boolean;
  acceptNewDeployments: boolean;
  registeredBy: RegisteredBy;
}

/** Platforms and deployments: registration, lookups for launches, the admin command. */
export class PlatformDirectory {
  /** The tool key pairs (one per platform). */
  readonly toolKeys: ToolKeys;
  private origins: string[] = [];
  private readonly repository: Storage['ltiPlatforms'];

  /**
   * @param sessionsEnded told when a platform's launch sessions were ended (deactivated or
   *   removed), so a process that caches sessions forgets them.
   * @param keyUnreadable told when a stored tool key cannot be opened (see ToolKeys).
   */
  constructor(
    storage: Pick<Storage, 'ltiPlatforms' | 'ltiToolKeys'>,
    private readonly clock: Clock,
    secret: string,
    private readonly sessionsEnded: (platformId: string) => void = () => {},
    keyUnreadable?: (kid: string, error: unknown) => void,
  ) {
    this.repository = storage.ltiPlatforms;
    this.toolKeys = new ToolKeys(storage.ltiToolKeys, secret, keyUnreadable);
  }

  /**
   * Registers a platform with a fresh tool key pair (its kid is the platform id), and its
   * deployments. Fails if the (issuer, client_id) pair is already registered.
   */
  async register(input: NewPlatform): Promise<Platform> {
    const id = randomBytes(16).toString('hex');
    const key = await this.toolKeys.generate(id);
    await this.repository.register(
      {
        id,
        issuer: input.issuer,
        clientId: input.clientId,
        name: input.name,
        authEndpoint: input.authEndpoint,
        tokenEndpoint: input.tokenEndpoint,
        authorizationServer: input.authorizationServer ?? null,
        authConfig: { method: 'JWK_SET', key: input.jwksUri },
        active: input.active,
        acceptNewDeployments: input.acceptNewDeployments,
        registeredBy: input.registeredBy,
      },
      key,
      input.deploymentIds,
      this.clock.now(),
    );
    await this.refreshOrigins();
    return (await this.get(id))!;
  }

  get(id: string): Promise<Platform | undefined> {
    return this.repository.get(id);
  }

  find(issuer: string, clientId: string): Promise<Platform | undefined> {
    return this.repository.find(issuer, clientId);
  }

  /** The platform a launch's id_token names, and whether the deployment it names is registered. */
  findForLaunch(issuer: string, clientId: string, deploymentId: string): Promise<(Platform & { hasDeployment: boolean }) | undefined> {
    return this.repository.findForLaunch(issuer, clientId, deploymentId);
  }

  /** The platform an OIDC login names: by issuer and client_id, or by issuer alone if only one is registered. */
  async forLogin(issuer: string, clientId: string | undefined): Promise<Platform | undefined> {
    if (clientId) return this.repository.find(issuer, clientId);
    const found = await this.repository.findByIssuer(issuer);
    return found.length === 1 ? found[0] : undefined;
  }

  list(): Promise<(Platform & { deployments: string[] })[]> {
    return this.repository.list();
  }

  /** Activates or deactivates a platform: deactivating ends its open launch sessions (the next request is refused). */
  async setActive(id: string, active: boolean): Promise<boolean> {
    const changed = await this.repository.setActive(id, active, this.clock.now());
    if (!active) this.sessionsEnded(id);
    await this.refreshOrigins();
    return changed;
  }

  setAcceptNewDeployments(id: string, accept: boolean): Promise<void> {
    return this.repository.setAcceptNewDeployments(id, accept, this.clock.now());
  }

  /** Removes a platform, its keys, deployments and (by cascade) its courses' data. */
  async remove(id: string): Promise<boolean> {
    const removed = await this.repository.remove(id);
    this.sessionsEnded(id);
    this.toolKeys.forget(id);
    await this.refreshOrigins();
    return removed;
  }

  addDeployment(platformId: string, deploymentId: string, source: 'manual' | 'first-launch' | 'registration'): Promise<void> {
    return this.repository.addDeployment(platformId, deploymentId, source, this.clock.now());
  }

  hasDeployment(platformId: string, deploymentId: string): Promise<boolean> {
    return this.repository.hasDeployment(platformId, deploymentId);
  }

  /** Origins of active platforms, for CSP frame-ancestors (kept in memory, refreshed on change). */
  frameAncestors(): readonly string[] {
    return this.origins;
  }

  async refreshOrigins(): Promise<void> {
    const origins = new Set<string>();
    for (const issuer of await this.repository.activeIssuers()) {
      try {
        origins.add(new URL(issuer).origin);
      } catch {
        // an issuer that is not a URL cannot frame us
      }
    }
    this.origins = [...origins];
  }
}
