import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { newToken } from '../domain/staff/passwords.js';
import type { NewStaffMember, StaffMember, StaffRepository } from '../domain/staff/staff.js';
import { translate } from '../i18n.js';
import type { Mailer } from '../mail/mailer.js';

export const SET_PASSWORD_HOURS = 72;

/**
 * A single-use link (valid SET_PASSWORD_HOURS) to choose a password, e-mailed to the member.
 * Returns the link too, for the CLI to print (a centre without mail can pass it on by hand).
 */
export async function sendSetPasswordLink(deps: { staff: StaffRepository; mailer: Mailer; clock: Clock; config: Config }, member: StaffMember): Promise<string> {
  const { token, hash } = newToken();
  const now = deps.clock.now();
  await deps.staff.createToken(hash, member.id, 'set-password', now, new Date(now.getTime() + SET_PASSWORD_HOURS * 3_600_000));
  const link = `${deps.config.publicUrl}/staff/set-password?token=${token}`;
  await deps.mailer.send({
    to: member.email,
    subject: translate(member.locale, 'staff:set-password-subject'),
    text: translate(member.locale, 'staff:set-password-body', { name: member.name, role: translate(member.locale, `staff:role-${member.role}`), hours: SET_PASSWORD_HOURS, link }),
  });
  return link;
}

/** Creates a staff account (no password yet) and e-mails the link to set one. */
export async function inviteStaff(deps: { staff: StaffRepository; mailer: Mailer; clock: Clock; config: Config }, member: NewStaffMember): Promise<{ member: StaffMember; link: string }> {
  const created = await deps.staff.create(member, deps.clock.now());
  const link = await sendSetPasswordLink(deps, created);
  return { member: created, link };
}
