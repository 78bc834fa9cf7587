import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../server/clock.js';
import { AppError } from '../server/errors.js';
import { LEVELS } from '../server/domain/cefr.js';
import type { Database } from '../server/storage/schema.js';
import { CLAIM, MESSAGE_TYPE } from './claims.js';
import type { VerifiedLaunch } from './guard.js';
import { mapRoles } from './roles.js';
import { createSession, setSessionCookie, type SessionData } from './sessions.js';

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
export type ActivitySettings = z.infer<typeof activitySettingsSchema>;

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

export interface LaunchDeps {
  db: Kysely<Database>;
  clock: Clock;
}

/**
 * What a verified launch becomes: the user (keyed by issuer + sub), the context, the membership
 * and, for a resource link, the activity, all upserted in one transaction; then a launch session
 * and a redirect to the person's first page.
 */
export function completeLaunch(deps: LaunchDeps) {
  return async (_token: unknown, req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const launch = res.locals.cadreLaunch as VerifiedLaunch | undefined;
      // Only a fresh id_token verified by the guard opens a session (never an ltijs ltik).
      if (!launch || req.method !== 'POST') throw new AppError('lti:launch-refused', {}, 401);
      const { claims, platform, clientId } = launch;
      const role = mapRoles(claims[CLAIM.roles]);
      if (!role) throw new AppError('lti:role-unsupported', {}, 403);
      const messageType = claims[CLAIM.messageType];
      const deploymentId = claims[CLAIM.deploymentId];
      const context = claims[CLAIM.context];
      const link = claims[CLAIM.resourceLink];
      const ags = claims[CLAIM.ags];
      const nrps = claims[CLAIM.nrps];
      const presentation = claims[CLAIM.launchPresentation];
      const dl = claims[CLAIM.deepLinkingSettings];
      const stamp = deps.clock.now().toISOString();

      const ids = await deps.db.transaction().execute(async (tx) => {
        const user = await tx
          .insertInto('users')
          .values({
            id: randomUUID(), issuer: platform.issuer, subject: claims.sub, name: claims.name ?? null, given_name: claims.given_name ?? null,
            family_name: claims.family_name ?? null, email: claims.email ?? null, created_at: stamp, updated_at: stamp,
          })
          .onConflict((oc) =>
            oc.columns(['issuer', 'subject']).doUpdateSet({
              name: claims.name ?? null, given_name: claims.given_name ?? null, family_name: claims.family_name ?? null, email: claims.email ?? null, updated_at: stamp,
            }),
          )
          .returning('id')
          .executeTakeFirstOrThrow();
        const ctx = await tx
          .insertInto('contexts')
          .values({
            id: randomUUID(), platform_id: platform.id, deployment_id: deploymentId, lms_context_id: context?.id ?? `deployment:${deploymentId}`,
            label: context?.label ?? null, title: context?.title ?? null, nrps_url: nrps?.context_memberships_url ?? null, created_at: stamp, updated_at: stamp,
          })
          .onConflict((oc) =>
            oc.columns(['platform_id', 'lms_context_id']).doUpdateSet({
              label: context?.label ?? null, title: context?.title ?? null, nrps_url: nrps?.context_memberships_url ?? null, updated_at: stamp,
            }),
          )
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('memberships')
          .values({ context_id: ctx.id, user_id: user.id, role, updated_at: stamp })
          .onConflict((oc) => oc.columns(['context_id', 'user_id']).doUpdateSet({ role, updated_at: stamp }))
          .execute();
        let activityId: string | null = null;
        if (messageType === MESSAGE_TYPE.resourceLink && link) {
          const s = settingsFromCustom(claims[CLAIM.custom]);
          const values = {
            title: link.title ?? null, language: s.language ?? null, target_level: s.targetLevel ?? null, oral_required: s.oralRequired ? 1 : 0, proctoring: s.proctoring ? 1 : 0,
            available_from: s.availableFrom ?? null, available_until: s.availableUntil ?? null, accommodations: JSON.stringify(s.accommodations),
            ags: ags ? JSON.stringify({ lineitems: ags.lineitems, lineitem: ags.lineitem, scope: ags.scope ?? [] }) : null, updated_at: stamp,
          };
          const activity = await tx
            .insertInto('activities')
            .values({ id: randomUUID(), context_id: ctx.id, resource_link_id: link.id, created_at: stamp, ...values })
            .onConflict((oc) => oc.columns(['context_id', 'resource_link_id']).doUpdateSet(values))
            .returning('id')
            .executeTakeFirstOrThrow();
          activityId = activity.id;
        }
        return { userId: user.id, contextId: ctx.id, activityId };
      });

      const locale = presentation?.locale?.toLowerCase().startsWith('en') ? 'en' : 'fr';
      const data: SessionData = {
        platformId: platform.id,
        issuer: platform.issuer,
        clientId,
        deploymentId,
        subject: claims.sub,
        name: claims.name ?? null,
        email: claims.email ?? null,
        locale,
        inFrame: presentation?.document_target !== 'window',
        returnUrl: presentation?.return_url,
        contextTitle: context?.title ?? null,
        nrpsUrl: nrps?.context_memberships_url,
        deepLinking: dl ? { returnUrl: dl.deep_link_return_url, data: dl.data, acceptTypes: dl.accept_types } : undefined,
      };
      const sessionId = await createSession(deps.db, deps.clock, { ...ids, role, messageType, data });
      setSessionCookie(res, sessionId);
      const page =
        messageType === MESSAGE_TYPE.deepLinking ? (role === 'candidate' ? undefined : '/lti/deep-linking') : role === 'candidate' ? '/lti/home' : '/lti/dashboard';
      if (!page) throw new AppError('error:forbidden', {}, 403);
      // The id is also in the URL for LMS iframes where the browser drops third-party cookies.
      res.redirect(303, `${page}?s=${encodeURIComponent(sessionId)}`);
    } catch (error) {
      next(error);
    }
  };
}
