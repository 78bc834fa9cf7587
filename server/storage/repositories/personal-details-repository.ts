import type { Kysely, Selectable } from 'kysely';
import type {
  DetailsOwner,
  PersonalDetails,
  PersonalDetailsExportRow,
  PersonalDetailsRepository,
  StoredPersonalDetails,
} from '../../domain/candidate/personal-details.js';
import type { Database, PersonalDetailsTable } from '../schema.js';

function columns(d: PersonalDetails) {
  return {
    sex: d.sex,
    birth_name: d.birthName,
    usage_name: d.usageName,
    first_names: d.firstNames,
    birth_date: d.birthDate,
    birth_country: d.birthCountry,
    birth_city: d.birthCity,
    birth_department: d.birthDepartment,
    email: d.email,
    phone: d.phone,
    postal_address: d.postalAddress,
    cpf_dossier_number: d.cpfDossierNumber,
  };
}

function read(r: Omit<Selectable<PersonalDetailsTable>, 'activity_id' | 'user_id'>): StoredPersonalDetails {
  return {
    sex: r.sex as PersonalDetails['sex'],
    birthName: r.birth_name,
    usageName: r.usage_name,
    firstNames: r.first_names,
    birthDate: r.birth_date,
    birthCountry: r.birth_country,
    birthCity: r.birth_city,
    birthDepartment: r.birth_department,
    email: r.email,
    phone: r.phone,
    postalAddress: r.postal_address,
    cpfDossierNumber: r.cpf_dossier_number,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** personal_details rows (migration 0014), with the LMS identity and activity title for the export. */
export function personalDetailsRepository(db: Kysely<Database>): PersonalDetailsRepository {
  const byOwner = ({ activityId, userId }: DetailsOwner) =>
    db.selectFrom('personal_details').selectAll().where('activity_id', '=', activityId).where('user_id', '=', userId);
  return {
    async get(owner) {
      const r = await byOwner(owner).executeTakeFirst();
      return r && read(r);
    },
    async put(owner, details, now) {
      const at = now.toISOString();
      const values = { ...columns(details), updated_at: at };
      await db
        .insertInto('personal_details')
        .values({ activity_id: owner.activityId, user_id: owner.userId, ...values, created_at: at })
        .onConflict((oc) => oc.columns(['activity_id', 'user_id']).doUpdateSet(values))
        .execute();
      return read(await byOwner(owner).executeTakeFirstOrThrow());
    },
    async list(activityId) {
      let q = db
        .selectFrom('personal_details as p')
        .leftJoin('users as u', 'u.id', 'p.user_id')
        .leftJoin('activities as a', 'a.id', 'p.activity_id')
        .selectAll('p')
        .select(['u.subject as lms_user_id', 'a.title as activity_title']);
      if (activityId !== undefined) q = q.where('p.activity_id', '=', activityId);
      const rows = await q.orderBy('p.birth_name').orderBy('p.first_names').orderBy('p.user_id').execute();
      return rows.map((r): PersonalDetailsExportRow => ({
        ...read(r),
        activityId: r.activity_id,
        activityTitle: r.activity_title ?? null,
        userId: r.user_id,
        lmsUserId: r.lms_user_id ?? r.user_id,
      }));
    },
  };
}
