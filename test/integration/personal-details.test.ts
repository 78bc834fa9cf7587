import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { seedStaff, staffLogin } from '../support/oral.js';
import { detailsBody } from '../support/personal-details.js';

type ErrorBody = { error: { id: string; message: string; issues?: { path: string; message: string }[] } };

/**
 * Issue 15's personal-details form over HTTP, against the real server and the emulated LMS: who may
 * read and write it, the field errors in French and English, the lock once the sitting started,
 * and the centre's exports (a centre admin's, the course instructors').
 */
describe("the candidate's personal details", () => {
  let world: World;
  let clientId: string;
  let linkA: string;
  let linkB: string;
  let activityA: string;
  const teacher = new Agent();
  const otherTeacher = new Agent();

  async function api<T>(
    agent: Agent,
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: T; body: string; headers: Headers }> {
    const write = method !== 'GET';
    const res = await agent.request(`${world.cadre.url}${url}`, {
      method,
      headers: { accept: 'application/json', ...(write ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(write ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    let json: T = undefined as T;
    try {
      json = JSON.parse(res.body) as T;
    } catch {
      // CSV
    }
    return { status: res.status, json, body: res.body, headers: res.headers };
  }

  async function learner(userId: string, resourceLinkId = linkA, contextId = 'course-a'): Promise<Agent> {
    const agent = new Agent();
    await launch(world, agent, { clientId, userId, contextId, resourceLinkId, roles: [ROLE.learner] });
    return agent;
  }

  beforeAll(async () => {
    world = await startWorld();
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-a', 'ENG', 'Business English');
    world.lms.emulator.addContext('course-b', 'ESP', 'Español');
    const custom = { cadre_language: 'en', cadre_target_level: 'B2', cadre_oral_required: 'false', cadre_proctoring: 'false' };
    linkA = world.lms.emulator.addResourceLink('course-a', { clientId, title: 'Certification anglais "=B2"', custom }).id;
    linkB = world.lms.emulator.addResourceLink('course-b', { clientId, title: 'Certification B', custom }).id;
    const page = await launch(world, teacher, { clientId, userId: 'teacher-a', contextId: 'course-a', resourceLinkId: linkA, roles: [ROLE.instructor] });
    activityA = page.body.match(/activity-id="([^"]+)"/)![1]!;
    await launch(world, otherTeacher, { clientId, userId: 'teacher-b', contextId: 'course-b', resourceLinkId: linkB, roles: [ROLE.instructor] });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('is empty at first, stored when valid, and read back by its owner only', async () => {
    const amina = await learner('learner-amina');
    const first = await api<{ details: unknown; locked: boolean; prefill: { email: string | null } }>(amina, 'GET', '/api/candidate/personal-details');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ details: null, locked: false });

    const saved = await api<{ details: Record<string, unknown> }>(
      amina,
      'PUT',
      '/api/candidate/personal-details',
      detailsBody({ birthName: 'Martin', firstNames: 'Amina' }),
    );
    expect(saved.status).toBe(200);
    expect(saved.json.details).toMatchObject({ birthName: 'Martin', firstNames: 'Amina', birthDepartment: '69', usageName: null });
    expect((await api<{ details: Record<string, unknown> }>(amina, 'GET', '/api/candidate/personal-details')).json.details).toMatchObject({
      firstNames: 'Amina',
    });

    // Another candidate of the same activity sees their own (none), never Amina's.
    const bruno = await learner('learner-bruno');
    expect((await api<{ details: unknown }>(bruno, 'GET', '/api/candidate/personal-details')).json.details).toBeNull();
    // Instructors, strangers and forged forms are refused.
    expect((await api<ErrorBody>(teacher, 'GET', '/api/candidate/personal-details')).status).toBe(403);
    expect((await api<ErrorBody>(teacher, 'PUT', '/api/candidate/personal-details', detailsBody())).status).toBe(403);
    expect((await api<ErrorBody>(new Agent(), 'GET', '/api/candidate/personal-details')).status).toBe(401);
    const forged = await amina.request(`${world.cadre.url}/api/candidate/personal-details`, {
      method: 'PUT',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'birthName=X',
    });
    expect(forged.status).toBe(415);
  });

  it('answers every wrong field at once, in French by default and in English on request', async () => {
    const chloe = await learner('learner-chloe');
    const bad = {
      sex: 'X',
      birthName: '  ',
      firstNames: 'J0hn',
      birthDate: '2026-02-30',
      birthCountry: 'FR',
      birthCity: 'Lyon',
      birthDepartment: '',
      email: 'chloe@',
      phone: 'call me',
      cpfDossierNumber: '12',
      certified: false,
    };
    const fr = await api<ErrorBody>(chloe, 'PUT', '/api/candidate/personal-details', bad);
    expect(fr.status).toBe(400);
    expect(fr.json.error.id).toBe('error:validation');
    const byField = Object.fromEntries(fr.json.error.issues!.map((i) => [i.path, i.message]));
    expect(byField).toEqual({
      sex: "Choisissez le sexe indiqué à l'état civil.",
      birthName: 'Ce champ est obligatoire.',
      firstNames: "Utilisez uniquement des lettres, des espaces, des traits d'union et des apostrophes.",
      birthDate: 'Indiquez une date valide (jour, mois, année).',
      email: 'Indiquez une adresse électronique valide, par exemple nom@exemple.fr.',
      phone: 'Indiquez un numéro de téléphone valide (chiffres, espaces et + uniquement).',
      cpfDossierNumber: 'Le numéro de dossier CPF contient de 5 à 30 chiffres ou lettres.',
      certified: "Cochez cette case pour attester l'exactitude de vos informations.",
    });
    // Born in France: the département is required (checked once the other fields are right).
    const noDept = await api<ErrorBody>(chloe, 'PUT', '/api/candidate/personal-details?lang=en', detailsBody({ birthDepartment: null }));
    expect(noDept.json.error.issues).toEqual([{ path: 'birthDepartment', message: 'The département of birth is required for a birth in France.' }]);
    const future = await api<ErrorBody>(chloe, 'PUT', '/api/candidate/personal-details', detailsBody({ birthDate: '2999-01-01' }), {
      'accept-language': 'en-GB',
    });
    expect(future.json.error.issues).toEqual([{ path: 'birthDate', message: 'The date of birth cannot be in the future.' }]);
    const country = await api<ErrorBody>(chloe, 'PUT', '/api/candidate/personal-details?lang=en', detailsBody({ birthCountry: 'XX' }));
    expect(country.json.error.issues).toEqual([{ path: 'birthCountry', message: 'Choose a country from the list.' }]);
    // Nothing was stored by the failed attempts.
    expect((await api<{ details: unknown }>(chloe, 'GET', '/api/candidate/personal-details')).json.details).toBeNull();
    // Born abroad: no département, and one sent anyway is dropped.
    const abroad = await api<{ details: Record<string, unknown> }>(
      chloe,
      'PUT',
      '/api/candidate/personal-details',
      detailsBody({ birthCountry: 'ma', birthCity: 'Casablanca', birthDepartment: '75' }),
    );
    expect(abroad.json.details).toMatchObject({ birthCountry: 'MA', birthDepartment: null });
  });

  it('keeps the written test closed until the form is stored, and locks the form once the sitting started', async () => {
    const dora = await learner('learner-dora');
    expect((await api<SittingView>(dora, 'GET', '/api/sitting')).json.step).toBe('instructions');
    expect((await api<{ personalDetails: { state: string } }>(dora, 'GET', '/api/candidate/home')).json.personalDetails).toEqual({ state: 'missing' });
    const refused = await api<ErrorBody>(dora, 'POST', '/api/sitting/steps/instructions', { data: {} });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({
      id: 'details:required',
      message: "Complétez d'abord le formulaire de vos informations personnelles : l'évaluation écrite ne peut pas commencer sans lui.",
    });

    expect((await api(dora, 'PUT', '/api/candidate/personal-details', detailsBody({ birthName: 'Dora' }))).status).toBe(200);
    // Still editable while the sitting has not started (it is at its instructions).
    expect((await api(dora, 'PUT', '/api/candidate/personal-details', detailsBody({ birthName: 'Dorá' }))).status).toBe(200);
    expect((await api<{ personalDetails: { state: string } }>(dora, 'GET', '/api/candidate/home')).json.personalDetails).toEqual({ state: 'complete' });
    expect((await api<SittingView>(dora, 'POST', '/api/sitting/steps/instructions', { data: {} })).json.step).toBe('items');

    const locked = await api<ErrorBody>(dora, 'PUT', '/api/candidate/personal-details?lang=en', detailsBody({ birthName: 'Changed' }));
    expect(locked.status).toBe(409);
    expect(locked.json.error).toMatchObject({
      id: 'details:locked',
      message: 'Your written test has started: your personal details can no longer be changed. Contact your centre for a correction.',
    });
    const after = await api<{ details: { birthName: string }; locked: boolean }>(dora, 'GET', '/api/candidate/personal-details');
    expect(after.json).toMatchObject({ locked: true, details: { birthName: 'Dorá' } });
  });

  it("exports the activity's details to its course's instructors only, as a safe semicolon CSV", async () => {
    const eve = await learner('learner-eve');
    await api(
      eve,
      'PUT',
      '/api/candidate/personal-details',
      detailsBody({ birthName: 'Lefèvre', firstNames: 'Ève', postalAddress: '=HYPERLINK("http://evil") 3 rue des "Lilas"; Lyon' }),
    );
    // A candidate of another course: not in course A's export.
    const other = await learner('learner-zed', linkB, 'course-b');
    await api(other, 'PUT', '/api/candidate/personal-details', detailsBody({ birthName: 'Zed' }));

    const csv = await fetch(`${world.cadre.url}/api/activities/${activityA}/personal-details.csv`, {
      headers: { cookie: [...teacher.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="Certification-anglais-B2-personal-details\.csv"$/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads the accents right
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('"Activité";"Identifiant LMS";"Sexe";"Nom de naissance"')).toBe(true);
    const lines = text.split('\r\n');
    const eveLine = lines.find((l) => l.includes('Ève'))!;
    // Formula-looking text is defused, quotes doubled, the ';' inside stays inside its quotes.
    expect(eveLine).toContain(
      `"Lefèvre";;"Ève";"1994-05-17";"Lyon";"69";"FR";"lea.martin@example.org";"'+33 6 12 34 56 78";"'=HYPERLINK(""http://evil"") 3 rue des ""Lilas""; Lyon";"12345678901";`,
    );
    expect(eveLine.startsWith(`"Certification anglais ""=B2""";"learner-eve";"F";`)).toBe(true);
    expect(text).not.toContain('Zed');
    // Ordered by birth name (Dorá, Lefèvre, Martin, Martin).
    expect(lines.filter((l) => l.includes('"learner-')).map((l) => l.split(';')[1])).toEqual([
      '"learner-dora"',
      '"learner-eve"',
      '"learner-amina"',
      '"learner-chloe"',
    ]);
    const english = await api(teacher, 'GET', `/api/activities/${activityA}/personal-details.csv?lang=en`);
    expect(english.body.startsWith('"Activity";"LMS user id";"Sex";"Birth name"')).toBe(true);

    // Another course's instructor, a candidate, nobody: refused.
    expect((await api(otherTeacher, 'GET', `/api/activities/${activityA}/personal-details.csv`)).status).toBe(403);
    expect((await api(eve, 'GET', `/api/activities/${activityA}/personal-details.csv`)).status).toBe(403);
    expect((await api(new Agent(), 'GET', `/api/activities/${activityA}/personal-details.csv`)).status).toBe(401);
  });

  it('exports every activity (or one) to a centre admin, and to no other staff', async () => {
    await seedStaff(world.cadre.storage, { email: 'admin@centre.example.org', role: 'centre-admin', password: 'correct horse battery' });
    await seedStaff(world.cadre.storage, { email: 'assessor@centre.example.org', role: 'assessor', password: 'correct horse battery' });
    const admin = await staffLogin(world.cadre.url, 'admin@centre.example.org', 'correct horse battery');
    const assessor = await staffLogin(world.cadre.url, 'assessor@centre.example.org', 'correct horse battery');
    const get = (cookie: string, url: string) => fetch(`${world.cadre.url}${url}`, { headers: { cookie } });

    const all = await get(admin, '/api/staff/personal-details.csv');
    expect(all.status).toBe(200);
    const text = await all.text();
    expect(text).toContain('Zed');
    expect(text).toContain('Ève');
    const one = await (await get(admin, `/api/staff/personal-details.csv?activityId=${encodeURIComponent(activityA)}`)).text();
    expect(one).toContain('Ève');
    expect(one).not.toContain('Zed');
    expect((await get(assessor, '/api/staff/personal-details.csv')).status).toBe(403);
  });
});
