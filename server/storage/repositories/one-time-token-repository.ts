import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { toText } from '../rows.js';
import type { Database } from '../schema.js';

/** What a one-time token is for; a token of one purpose is never accepted for another. */
export type OneTimePurpose = 'exam-handoff' | 'lti-registration';

/**
 * Single-use, expiring tokens (migration 0015): the exam window's hand-off of a launch session,
 * the dynamic registration URL an admin issues. Only the SHA-256 of a token is stored.
 */
export interface OneTimeTokenRepository {
  issue(token: { token: string; purpose: OneTimePurpose; subject: string; expiresAt: Date }, now: Date): Promise<void>;
  /** Takes the token out (single use) and gives its subject back, if it was of this purpose and not expired. */
  consume(purpose: OneTimePurpose, token: string, now: Date): Promise<string | undefined>;
  purgeExpired(now: Date): Promise<void>;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function oneTimeTokenRepository(db: Kysely<Database>): OneTimeTokenRepository {
  return {
    async issue({ token, purpose, subject, expiresAt }, now) {
      await db
        .insertInto('one_time_tokens')
        .values({ token_hash: tokenHash(token), purpose, subject, created_at: toText(now), expires_at: toText(expiresAt) })
        .execute();
    },
    async consume(purpose, token, now) {
      const row = await db
        .deleteFrom('one_time_tokens')
        .where('token_hash', '=', tokenHash(token))
        .where('purpose', '=', purpose)
        .returning(['subject', 'expires_at'])
        .executeTakeFirst();
      return row && row.expires_at > toText(now) ? row.subject : undefined;
    },
    async purgeExpired(now) {
      await db.deleteFrom('one_time_tokens').where('expires_at', '<=', toText(now)).execute();
    },
  };
}
