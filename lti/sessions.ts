import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Clock } from '../server/clock.js';
import { AppError } from '../server/errors.js';
import type { Database } from '../server/storage/schema.js';
import type { CadreRole } from './roles.js';

export const SESSION_COOKIE = 'cadre_lti';
const SESSION_HOURS = 8;

/** What later pages need from the launch that opened the session. */
export interface SessionData {
  platformId: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  subject: string;
  name: string | null;
  email?: string | null | undefined;
  locale: 'fr' | 'en';
  inFrame: boolean;
  returnUrl?: string | undefined;
  contextTitle: string | null;
  nrpsUrl?: string | undefined;
  deepLinking?: { returnUrl: string; data?: string | undefined; acceptTypes: string[] } | undefined;
}

export interface LtiSession {
  id: string;
  userId: string;
  contextId: string;
  activityId: string | null;
  role: CadreRole;
  messageType: string;
  data: SessionData;
  /** How the session reached this request: by cookie, or by the `s` parameter (cookie-less iframes). */
  via: 'cookie' | 'param';
}

export async function createSession(
  db: Kysely<Database>,
  clock: Clock,
  input: { userId: string; contextId: string; activityId: string | null; role: CadreRole; messageType: string; data: SessionData },
): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const now = clock.now();
  await db
    .insertInto('lti_sessions')
    .values({
      id,
      user_id: input.userId,
      context_id: input.contextId,
      activity_id: input.activityId,
      role: input.role,
      message_type: input.messageType,
      data: JSON.stringify(input.data),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
    })
    .execute();
  return id;
}

/** Sets the session cookie: SameSite=None; Secure so it travels inside the LMS iframe. */
export function setSessionCookie(res: Response, id: string, sameSite: 'None' | 'Lax' = 'None'): void {
  res.cookie(SESSION_COOKIE, id, { httpOnly: true, secure: true, sameSite: sameSite === 'None' ? 'none' : 'lax', path: '/', maxAge: SESSION_HOURS * 3600_000 });
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Launch sessions are read on every request of a sitting: a short in-process cache saves that
 * query. Sessions change only by expiring (checked on every hit) and by the one-shot deep linking
 * session (deleted after use), which is never cached.
 */
const CACHE_MS = 30_000;
const CACHE_MAX = 10_000;
const cache = new Map<string, { session: Omit<LtiSession, 'via'>; expiresAt: string; until: number }>();

async function sessionById(db: Kysely<Database>, clock: Clock, id: string): Promise<Omit<LtiSession, 'via'> | undefined> {
  const now = clock.now();
  const hit = cache.get(id);
  if (hit && hit.until > now.getTime() && hit.expiresAt >= now.toISOString()) return hit.session;
  cache.delete(id);
  const row = await db.selectFrom('lti_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.expires_at < now.toISOString()) return undefined;
  const session = {
    id: row.id,
    userId: row.user_id,
    contextId: row.context_id,
    activityId: row.activity_id,
    role: row.role as CadreRole,
    messageType: row.message_type,
    data: JSON.parse(row.data) as SessionData,
  };
  if (!session.data.deepLinking) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(id, { session, expiresAt: row.expires_at, until: now.getTime() + CACHE_MS });
  }
  return session;
}

export async function loadSession(db: Kysely<Database>, clock: Clock, req: Request): Promise<LtiSession | undefined> {
  const fromCookie = readCookie(req, SESSION_COOKIE);
  const param = (req.query.s ?? (req.body as Record<string, unknown> | undefined)?.s) as unknown;
  const candidates: [string, LtiSession['via']][] = [];
  if (fromCookie) candidates.push([fromCookie, 'cookie']);
  if (typeof param === 'string' && param !== fromCookie) candidates.push([param, 'param']);
  for (const [id, via] of candidates) {
    if (!/^[\w-]{20,100}$/.test(id)) continue;
    const session = await sessionById(db, clock, id);
    if (session) return { ...session, via };
  }
  return undefined;
}

/**
 * Sets req.principal (server/http/principal.ts) from the LTI launch session, when the request
 * has one: the routes of other features ask for an LTI principal, never for the session.
 */
export function ltiPrincipal(db: Kysely<Database>, clock: Clock): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.principal || (!req.headers.cookie?.includes(`${SESSION_COOKIE}=`) && req.query.s === undefined && (req.body as { s?: unknown } | undefined)?.s === undefined)) {
      return next();
    }
    loadSession(db, clock, req).then((session) => {
      if (session) {
        res.locals.ltiSession = session;
        req.principal = {
          kind: 'lti',
          userId: session.userId,
          role: session.role,
          contextId: session.contextId,
          activityId: session.activityId,
          name: session.data.name,
          email: session.data.email ?? null,
          locale: session.data.locale,
        };
      }
      next();
    }, next);
  };
}

/** Requires an LTI session, with one of the roles if given; puts it in res.locals.ltiSession. */
export function requireSession(db: Kysely<Database>, clock: Clock, roles?: CadreRole[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const known = res.locals.ltiSession as LtiSession | undefined;
    (known ? Promise.resolve(known) : loadSession(db, clock, req)).then((session) => {
      if (!session) return next(new AppError('lti:session-expired', {}, 401));
      if (roles && !roles.includes(session.role)) return next(new AppError('error:forbidden', {}, 403));
      res.locals.ltiSession = session;
      next();
    }, next);
  };
}

/** `?s=…` to carry on links when the session came without a cookie. */
export function sessionQuery(session: LtiSession, sep: '?' | '&' = '?'): string {
  return session.via === 'param' ? `${sep}s=${encodeURIComponent(session.id)}` : '';
}
