import type {
  Activity,
  Contact,
  Course,
  EnrolledLaunch,
  EnrolmentRole,
  LaunchEnrolment,
  LaunchSession,
  Member,
  NewLaunchSession,
  PersonKey,
  PersonProfile,
} from './enrolment.js';
import type { EnrolmentRepositories } from './ports.js';

export interface EnrolmentServiceDeps {
  store: EnrolmentRepositories;
  clock: { now(): Date };
  /** A new, unguessable launch session id (it is the bearer of the session). */
  newSessionId: () => string;
}

/** How long a launch session lasts. */
export const SESSION_HOURS = 8;
/**
 * Launch sessions are read on every request of a sitting: a short in-process cache saves that
 * query. Sessions change only by expiring (checked on every hit), by the one-shot deep linking
 * session (closed after use), which is never cached, and by their platform's deactivation
 * (forgetPlatformSessions; from another process, e.g. the CLI, a cached one lasts at most CACHE_MS).
 */
const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;

/**
 * The enrolment use cases: enrol a launch (person, course, membership, activity and a launch
 * session, in one transaction), open and read launch sessions, and what other modules ask about
 * enrolled people (an activity and its settings, a certification's contacts, a course's members).
 */
export class EnrolmentService {
  private readonly cache = new Map<string, { session: LaunchSession; expiresAt: number; until: number }>();

  constructor(private readonly deps: EnrolmentServiceDeps) {}

  /** Enrols what a launch says (creates or updates all of it) and opens its session, all or nothing. */
  async enrolLaunch(launch: LaunchEnrolment): Promise<EnrolledLaunch> {
    const now = this.deps.clock.now();
    const id = this.deps.newSessionId();
    const expiresAt = this.expiry(now);
    const enrolled = await this.deps.store.enrolments.enrol(launch, { id, expiresAt }, now);
    this.remember({ session: { id, ...enrolled, role: launch.role, messageType: launch.messageType, data: launch.session }, expiresAt }, now);
    return { sessionId: id, ...enrolled };
  }

  /** Opens a launch session for a person already enrolled (a SCORM learner redeeming a start ticket). */
  async openSession(input: NewLaunchSession): Promise<string> {
    const now = this.deps.clock.now();
    const session: LaunchSession = { id: this.deps.newSessionId(), ...input };
    const expiresAt = this.expiry(now);
    await this.deps.store.launchSessions.open(session, now, expiresAt);
    this.remember({ session, expiresAt }, now);
    return session.id;
  }

  /** The session with this id, unless it expired. */
  async session(id: string): Promise<LaunchSession | undefined> {
    const now = this.deps.clock.now().getTime();
    const hit = this.cache.get(id);
    if (hit && hit.until > now && hit.expiresAt >= now) return hit.session;
    this.cache.delete(id);
    const found = await this.deps.store.launchSessions.get(id);
    if (!found || found.expiresAt.getTime() < now) return undefined;
    this.remember(found, new Date(now));
    return found.session;
  }

  /** Ends a session (a deep linking session once answered). */
  async closeSession(id: string): Promise<void> {
    this.cache.delete(id);
    await this.deps.store.launchSessions.close(id);
  }

  /**
   * Forgets the cached sessions opened through a platform (the store already ended them: the
   * platform was deactivated or removed), so the next request reads the store and finds none.
   */
  forgetPlatformSessions(platformId: string): void {
    for (const [id, hit] of this.cache) if (hit.session.data.platformId === platformId) this.cache.delete(id);
  }

  /** Finds or creates a person from what a way in says about them, updating the profile fields given. */
  async identify(person: PersonKey & PersonProfile): Promise<string> {
    return this.deps.store.users.save(person, this.deps.clock.now());
  }

  /**
   * The Cadre user of a course member listed by the LMS who may never have launched: created with
   * what the list says, so their first launch finds it; a known person keeps their own profile.
   */
  async userForMember(person: PersonKey & PersonProfile): Promise<string> {
    return this.deps.store.users.ensure(person, this.deps.clock.now());
  }

  activity(id: string): Promise<Activity | undefined> {
    return this.deps.store.activities.get(id);
  }

  course(id: string): Promise<Course | undefined> {
    return this.deps.store.courses.get(id);
  }

  /** The members of a course Cadre has seen launch, with one of the roles if given. */
  members(contextId: string, roles?: readonly EnrolmentRole[]): Promise<Member[]> {
    return this.deps.store.memberships.list(contextId, roles);
  }

  /** Who hears about a candidate's certification: the candidate and the course's instructors and admins. */
  async contacts(contextId: string, userId: string): Promise<{ candidate: Contact; instructors: Contact[] }> {
    const candidate = await this.deps.store.users.get(userId);
    const instructors = await this.deps.store.memberships.list(contextId, ['instructor', 'admin']);
    // Each in the language their LMS said they use; French when it never said.
    const contact = (c: { name: string | null; email: string | null; locale?: Contact['locale'] | null } | undefined): Contact => ({
      name: c?.name ?? null,
      email: c?.email ?? null,
      locale: c?.locale ?? 'fr',
    });
    return { candidate: contact(candidate), instructors: instructors.map(contact) };
  }

  private expiry(now: Date): Date {
    return new Date(now.getTime() + SESSION_HOURS * 3600_000);
  }

  /** Caches a session just read or opened (the page a launch redirects to then reads none). */
  private remember(found: { session: LaunchSession; expiresAt: Date }, now: Date): void {
    if (found.session.data.deepLinking) return;
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(found.session.id, { session: found.session, expiresAt: found.expiresAt.getTime(), until: now.getTime() + CACHE_MS });
  }
}
