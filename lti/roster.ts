import type { RosterMember, RosterSource } from '../server/domain/dashboard/ports.js';
import type { EnrolmentService } from '../server/domain/enrolment/enrolment-service.js';
import { SCOPE } from './claims.js';
import type { Platform, PlatformDirectory } from './platforms.js';
import { mapRoles } from './roles.js';
import { ServiceError, type PlatformServices } from './services.js';

/** One member of an NRPS membership container, as the platform sends it. */
export interface NrpsMember {
  user_id: string;
  status?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  roles: string[];
}

/** Pages followed at most (a runaway Link chain must not hold a request forever). */
const MAX_PAGES = 200;

/**
 * Every member of a context from the platform's Names and Role Provisioning Service: the
 * membership container and each next page its `Link: <…>; rel="next"` header names.
 * Throws ServiceError when the platform cannot be reached or refuses.
 */
export async function fetchNrpsMembers(services: PlatformServices, platform: Platform, url: string): Promise<NrpsMember[]> {
  const members: NrpsMember[] = [];
  let next: string | undefined = url;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const answer: { body: { members?: NrpsMember[] } | undefined; headers: Headers } = await services.call<{ members?: NrpsMember[] }>(
      platform,
      [SCOPE.nrps],
      next,
      {
        accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
      },
    );
    members.push(...(answer.body?.members ?? []));
    next = answer.headers.get('link')?.match(/<([^>]+)>\s*;\s*rel="next"/)?.[1];
  }
  return members;
}

/** The display name of a member: name, else given and family names, else the LMS id. */
export function memberName(m: Pick<NrpsMember, 'user_id' | 'name' | 'given_name' | 'family_name'>): string {
  return m.name || [m.given_name, m.family_name].filter(Boolean).join(' ') || m.user_id;
}

/** An NRPS member as the dashboard lists it (roles as URIs or short context role names, as Moodle sends them). */
export function rosterMember(m: NrpsMember): RosterMember {
  return {
    subject: m.user_id,
    name: memberName(m),
    email: m.email ?? null,
    role: mapRoles(m.roles ?? []) ?? 'other',
    active: (m.status ?? 'Active') === 'Active',
  };
}

/**
 * The dashboard's view of an LMS course's roster: the NRPS members of a Cadre context (the URL
 * the last launch carried, kept on the context), and, for a member who never launched, a Cadre
 * user created on demand (same issuer and subject a later launch will find), so an instructor
 * can set an accommodation before the candidate's first launch.
 */
export function lmsRoster(deps: { enrolment: EnrolmentService; platforms: PlatformDirectory; services: PlatformServices }): RosterSource {
  async function contextPlatform(contextId: string): Promise<{ platform: Platform; nrpsUrl: string | null } | undefined> {
    const course = await deps.enrolment.course(contextId);
    if (!course) return undefined;
    const platform = await deps.platforms.get(course.platformId);
    return platform && { platform, nrpsUrl: course.rosterUrl };
  }
  return {
    async members(contextId) {
      const found = await contextPlatform(contextId);
      if (!found?.nrpsUrl) return { status: 'no-service', issuer: found?.platform.issuer ?? null, members: [] };
      try {
        const members = await fetchNrpsMembers(deps.services, found.platform, found.nrpsUrl);
        return {
          status: 'ok',
          issuer: found.platform.issuer,
          members: members.filter((m) => (m.status ?? 'Active') !== 'Deleted').map(rosterMember),
        };
      } catch (error) {
        if (error instanceof ServiceError) return { status: 'unavailable', issuer: found.platform.issuer, members: [] };
        throw error;
      }
    },
    ensureUser(issuer, member) {
      return deps.enrolment.userForMember({ issuer, subject: member.subject, name: member.name, email: member.email });
    },
  };
}
