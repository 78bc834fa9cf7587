import { hashPassword } from '../../server/domain/staff/passwords.js';
import type { StaffMember, StaffRole } from '../../server/domain/staff/staff.js';
import type { Availability } from '../../server/domain/booking/types.js';
import type { Storage } from '../../server/storage/storage.js';

/** Weekdays 9:00–12:00 on the assessor's wall clock. */
export const weekdayMornings: Availability = {
  rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 12 * 60 })),
  exceptions: [],
};

/** A staff member with a password (as if they had used their set-password link) and availability. */
export async function seedStaff(
  storage: Storage,
  who: {
    email: string;
    name?: string;
    role?: StaffRole;
    password?: string;
    timeZone?: string;
    videoUrl?: string | null;
    locale?: 'fr' | 'en';
    availability?: Availability;
  },
  now = new Date('2026-01-01T00:00:00Z'),
): Promise<StaffMember> {
  const member = await storage.staff.create(
    {
      email: who.email,
      name: who.name ?? who.email.split('@')[0]!,
      role: who.role ?? 'assessor',
      timeZone: who.timeZone,
      videoUrl: who.videoUrl ?? null,
      locale: who.locale,
    },
    now,
  );
  if (who.password) await storage.staff.setPasswordHash(member.id, await hashPassword(who.password), now);
  if (who.availability) await storage.availability.replace(member.id, who.availability);
  return (await storage.staff.get(member.id))!;
}

/** Logs in over HTTP as a browser form would and returns the session cookie. */
export async function staffLogin(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/staff/login`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}
