import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import type { ActivitySettings } from '../server/domain/enrolment/enrolment.js';
import type { EnrolmentService } from '../server/domain/enrolment/enrolment-service.js';
import { AppError } from '../server/errors.js';
import type { Locale } from '../server/i18n.js';
import { LEVELS } from '../server/domain/cefr.js';
import { CLAIM, MESSAGE_TYPE } from './claims.js';
import type { VerifiedLaunch } from './guard.js';
import { mapRoles, type CadreRole } from './roles.js';
import { setSessionCookie } from './sessions.js';

export type { ActivitySettings } from '../server/domain/enrolment/enrolment.js';

export const LANGUAGES = ['fr', 'en'] as const;

/** Activity settings carried by the resource link's custom parameters (set by deep linking). */
export const activitySettingsSchema = z.object({
  language: z.enum(LANGUAGES).optional().catch(undefined),
  targetLevel: z.enum(LEVELS).optional().catch(undefined),
  oralRequired: z.boolean().catch(true),
  /** Webcam proctoring of the written part (off for practice tests). */
  proctoring: z.boolean().catch(true),
  availableFrom: z.iso.datetime({ offset: true }).optional().catch(undefined),
  availableUntil: z.iso.datetime({ offset: true }).optional().catch(undefined),
  accommodations: z
    .object({ extraTimePercent: z.number().int().min(0).max(100).catch(0), largeText: z.boolean().catch(false) })
    .catch({ extraTimePercent: 0, largeText: false }),
});

/** Custom parameter names (LMSs send them as strings). */
export const CUSTOM = {
  language: 'cadre_language',
  targetLevel: 'cadre_target_level',
  oralRequired: 'cadre_oral_required',
  proctoring: 'cadre_proctoring',
  availableFrom: 'cadre_available_from',
  availableUntil: 'cadre_available_until',
  accommodations: 'cadre_accommodations',
} as const;

export function settingsFromCustom(custom: Record<string, unknown> | undefined): ActivitySettings {
  const c = custom ?? {};
  const str = (k: string) => (typeof c[k] === 'string' && c[k] !== '' ? (c[k] as string) : undefined);
  let accommodations: unknown;
  try {
    accommodations = JSON.parse(str(CUSTOM.accommodations) ?? '{}');
  } catch {
    accommodations = {};
  }
  return activitySettingsSchema.parse({
    language: str(CUSTOM.language),
    targetLevel: str(CUSTOM.targetLevel),
    oralRequired: str(CUSTOM.oralRequired) !== 'false',
    proctoring: str(CUSTOM.proctoring) !== 'false',
    availableFrom: str(CUSTOM.availableFrom),
    availableUntil: str(CUSTOM.availableUntil),
    accommodations,
  });
}

/**
 * The person's language from the launch's locale claim (`launch_presentation.locale`: Moodle sends
 * its user's language, `en`, `en_us`, `fr`…): English or French, undefined when the claim is
 * absent or names another language (French is then used).
 */
export function launchLocale(locale: string | undefined): Locale | undefined {
  const language = locale?.toLowerCase().slice(0, 2);
  return language === 'en' || language === 'fr' ? language : undefined;
}

export interface LaunchDeps {
  enrolment: EnrolmentService;
}

/** The session a verified launch opened, and what decides the person's first page. */
export interface OpenedLaunch {
  sessionId: string;
  role: CadreRole;
  messageType: string;
}

/**
 * Maps a verified launch (id_token claims, the platform that signed it, the client id) onto the
 * enrolment core: the user (keyed by issuer + sub), the context, the membership and, for a
 * resource link, the activity with the settings its custom parameters carry, all upserted in one
 * transaction with the new launch session.
 */
export async function openLaunchSession(enrolment: EnrolmentService, launch: Pick<VerifiedLaunch, 'claims' | 'platform' | 'clientId'>): Promise<OpenedLaunch> {
  const { claims, platform, clientId } = launch;
  const role = mapRoles(claims[CLAIM.roles]);
  if (!role) throw new AppError('lti:role-unsupported', {}, 403);
  const messageType = claims[CLAIM.messageType];
  // Only instructors and admins place the activity in a course: a learner's deep linking request
  // is refused before anything is written, so no session is opened for it (issue 16).
  if (messageType === MESSAGE_TYPE.deepLinking && role === 'candidate') throw new AppError('error:forbidden', {}, 403);
  const deploymentId = claims[CLAIM.deploymentId];
  const context = claims[CLAIM.context];
  const link = claims[CLAIM.resourceLink];
  const ags = claims[CLAIM.ags];
  const nrps = claims[CLAIM.nrps];
  const presentation = claims[CLAIM.launchPresentation];
  const dl = claims[CLAIM.deepLinkingSettings];
  const locale = launchLocale(presentation?.locale);
  const { sessionId } = await enrolment.enrolLaunch({
    person: {
      issuer: platform.issuer,
      subject: claims.sub,
      name: claims.name ?? null,
      givenName: claims.given_name ?? null,
      familyName: claims.family_name ?? null,
      email: claims.email ?? null,
      ...(locale ? { locale } : {}),
    },
    course: {
      platformId: platform.id,
      deploymentId,
      externalId: context?.id ?? `deployment:${deploymentId}`,
      label: context?.label ?? null,
      title: context?.title ?? null,
      rosterUrl: nrps?.context_memberships_url ?? null,
    },
    role,
    activity:
      messageType === MESSAGE_TYPE.resourceLink && link
        ? {
            externalId: link.id,
            title: link.title ?? null,
            settings: settingsFromCustom(claims[CLAIM.custom]),
            // The settings are the instructor's (chosen by deep linking, carried by the link's custom
            // parameters): a learner's launch creates the activity with them but never rewrites them.
            keepSettings: role === 'candidate',
            gradebook: ags ? { lineItemsUrl: ags.lineitems, lineItemUrl: ags.lineitem, scopes: ags.scope ?? [] } : null,
          }
        : undefined,
    messageType,
    session: {
      platformId: platform.id,
      issuer: platform.issuer,
      clientId,
      deploymentId,
      subject: claims.sub,
      name: claims.name ?? null,
      email: claims.email ?? null,
      locale: locale ?? 'fr',
      inFrame: presentation?.document_target !== 'window',
      returnUrl: presentation?.return_url,
      contextTitle: context?.title ?? null,
      nrpsUrl: nrps?.context_memberships_url,
      deepLinking: dl ? { returnUrl: dl.deep_link_return_url, data: dl.data, acceptTypes: dl.accept_types } : undefined,
    },
  });
  return { sessionId, role, messageType };
}

/**
 * What a verified launch becomes: enrolment and a launch session (openLaunchSession), then a
 * redirect to the person's first page.
 */
export function completeLaunch(deps: LaunchDeps) {
  return async (_token: unknown, req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const launch = res.locals.cadreLaunch as VerifiedLaunch | undefined;
      // Only a fresh id_token verified by the guard opens a session (never an ltijs ltik).
      if (!launch || req.method !== 'POST') throw new AppError('lti:launch-refused', {}, 401);
      const { sessionId, role, messageType } = await openLaunchSession(deps.enrolment, launch);
      setSessionCookie(res, sessionId);
      const page = messageType === MESSAGE_TYPE.deepLinking ? '/lti/deep-linking' : role === 'candidate' ? '/lti/home' : '/lti/dashboard';
      // The id is also in the URL for LMS iframes where the browser drops third-party cookies.
      res.redirect(303, `${page}?s=${encodeURIComponent(sessionId)}`);
    } catch (error) {
      next(error);
    }
  };
}
