import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import { loadBank } from '../../server/content/load-bank.js';
import type { LoadedBank } from '../../server/domain/delivery/ports.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { contentDir, projectRoot } from '../../server/paths.js';
import { correctResponse } from '../support/answers.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { seedStaff, staffLogin, weekdayMornings } from '../support/oral.js';
import { detailsBody } from '../support/personal-details.js';
import { facePhoto, onePixelPng } from '../support/proctoring.js';

// Issue 9's acceptance, over HTTP against the real app and the emulated LMS: launch → proctored
// written sitting (with a flagged event) → oral booking → oral graded → review → release → the
// gradebook holds FullyGraded scores for the 7 line items; the certificate verifies, a changed
// byte makes it fail, a revoked one reports revoked.
/** The real time, moved forward by hand: the interview is graded at its booked time (jobs and tokens keep real time otherwise). */
class TravellingClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  travelTo(at: string): void {
    this.offsetMs = Math.max(this.offsetMs, Date.parse(at) - Date.now());
  }
}

interface Home {
  oral: { state: string; at?: string };
  results: { state: string; sheetUrl?: string; pdfUrl?: string; certificateUrl?: string | null; certificatePdfUrl?: string | null; reason?: string | null };
}

describe('a whole certification, from the LMS launch to the verified certificate', () => {
  const clock = new TravellingClock();
  let world: World;
  let clientId = '';
  let bank: LoadedBank;
  const candidate = new Agent();
  let sittingId = '';
  let linkId = '';

  const json = async <T>(agent: Agent | string, method: string, url: string, body?: unknown, raw?: { type: string; bytes: Buffer }) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (raw) headers['content-type'] = raw.type;
    else if (method !== 'GET') headers['content-type'] = 'application/json';
    const init: RequestInit = {
      method,
      headers,
      ...(raw ? { body: new Uint8Array(raw.bytes) } : method !== 'GET' ? { body: JSON.stringify(body ?? {}) } : {}),
    };
    if (typeof agent === 'string') {
      const res = await fetch(`${world.cadre.url}${url}`, { ...init, headers: { ...headers, cookie: agent } });
      return { status: res.status, json: (await res.json().catch(() => undefined)) as T };
    }
    const page = await agent.request(`${world.cadre.url}${url}`, init);
    return { status: page.status, json: (page.body ? JSON.parse(page.body) : undefined) as T };
  };

  beforeAll(async () => {
    bank = loadBank(path.join(contentDir, 'banks', 'en'));
    world = await startWorld({ clock });
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-cert', 'ENG', 'Business English');
    linkId = world.lms.emulator.addResourceLink('course-cert', {
      clientId,
      title: 'Certification anglais B1',
      custom: { cadre_language: 'en', cadre_target_level: 'B1', cadre_oral_required: 'true', cadre_proctoring: 'true' },
    }).id;
    await launch(world, candidate, { clientId, userId: 'cand-1', contextId: 'course-cert', resourceLinkId: linkId, roles: [ROLE.learner] });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('takes the proctored written part: consent, equipment, identity, a flagged event, 50 items', async () => {
    let view = (await json<SittingView>(candidate, 'GET', '/api/sitting')).json;
    expect(view.step).toBe('consent');
    expect(view.proctored).toBe(true);
    sittingId = view.id;
    const p = `/api/proctoring/sittings/${sittingId}`;
    expect((await json(candidate, 'PUT', '/api/candidate/personal-details', detailsBody())).status).toBe(200);
    // The page cannot skip proctoring: a step moves on only once the proctoring module has its record.
    expect((await json<{ error: { id: string } }>(candidate, 'POST', '/api/sitting/steps/consent', { data: {} })).json.error.id).toBe('sitting:step-not-done');
    expect((await json(candidate, 'POST', `${p}/consent`, { accepted: true, locale: 'fr' })).status).toBeLessThan(300);
    view = (await json<SittingView>(candidate, 'POST', '/api/sitting/steps/consent', { data: {} })).json;
    expect(view.step).toBe('equipment');
    expect((await json(candidate, 'POST', `${p}/equipment`, { passed: true, result: { camera: 'ok' } })).status).toBeLessThan(300);
    view = (await json<SittingView>(candidate, 'POST', '/api/sitting/steps/equipment', { data: { passed: true } })).json;
    const face = fs.readFileSync(path.join(projectRoot, 'test/fixtures/faces/astronaut-240.jpg'));
    expect((await json(candidate, 'PUT', `${p}/identity/face?faces=1`, undefined, { type: 'image/jpeg', bytes: face })).status).toBeLessThan(300);
    expect((await json(candidate, 'PUT', `${p}/identity/document`, undefined, { type: 'image/jpeg', bytes: face })).status).toBeLessThan(300);
    view = (await json<SittingView>(candidate, 'POST', '/api/sitting/steps/identity', { data: {} })).json;
    expect(view.step).toBe('instructions');
    await json(candidate, 'POST', '/api/sitting/steps/instructions', { data: {} });

    const now = new Date();
    const events = [
      {
        clientId: 'evt-two-faces-1',
        type: 'face.multiple',
        startedAt: now.toISOString(),
        endedAt: new Date(now.getTime() + 6000).toISOString(),
        details: { faces: 2 },
      },
    ];
    expect((await json(candidate, 'POST', `${p}/events`, { events })).status).toBeLessThan(300);

    for (let i = 0; i < 50; i++) {
      view = (await json<SittingView>(candidate, 'POST', '/api/sitting/next')).json;
      const item = bank.item(view.item!.id)!;
      view = (
        await json<SittingView>(candidate, 'POST', `/api/sitting/items/${item.id}/answer`, {
          response: correctResponse(item.type, item.content, view.item!.view),
        })
      ).json;
    }
    expect(view.step).toBe('written-done');

    await world.cadre.worker.drain();
    const result = await world.cadre.results.findBySitting(sittingId);
    expect(result).toMatchObject({ state: 'awaiting-oral', reviewNeeded: true });
    // The gradebook shows the written part as submitted, with no level: no partial result.
    const pending = world.lms.emulator.scoreLog.filter((s) => s.score.userId === 'cand-1');
    expect(pending).toHaveLength(7);
    expect(pending.every((s) => s.score.gradingProgress === 'Pending' && s.score.scoreGiven === undefined)).toBe(true);

    // Issue 17: the end of the written test and the home lead to the oral booking.
    const exam = await candidate.request(`${world.cadre.url}/lti/exam`);
    expect(exam.body).toContain('<h1>Certification anglais B1</h1>');
    expect(exam.body).toContain('booking-url="/oral/booking?lang=');
    const home = (await json<Home>(candidate, 'GET', '/api/candidate/home')).json;
    expect(home).toMatchObject({ oral: { state: 'to-book' }, results: { state: 'pending' }, reset: null });
  });

  it('books the oral, which the assessor grades', async () => {
    await seedStaff(world.cadre.storage, {
      email: 'assessor@centre.example',
      role: 'assessor',
      password: 'correct horse battery',
      availability: weekdayMornings,
      videoUrl: 'https://meet.example.org/a',
    });
    const state = (await json<{ calendar: { slots: { startsAt: string }[] } }>(candidate, 'GET', '/api/oral/state?tz=Europe/Paris')).json;
    expect(state.calendar.slots.length).toBeGreaterThan(0);
    const booked = await json<{ booking: { id: string } }>(candidate, 'POST', '/api/oral/bookings', {
      startsAt: state.calendar.slots[0]!.startsAt,
      timeZone: 'Europe/Paris',
    });
    expect(booked.status).toBe(201);
    expect((await json<Home>(candidate, 'GET', '/api/candidate/home')).json.oral).toEqual({ state: 'booked', at: state.calendar.slots[0]!.startsAt });
    // The candidate home's link to the oral room works from the real launch session (this assessor keeps their own video link).
    expect((await json(candidate, 'GET', '/api/oral/room')).json).toMatchObject({
      room: { bookingId: booked.json.booking.id, mode: 'external', availability: 'not-yet' },
    });

    let assessor = await staffLogin(world.cadre.url, 'assessor@centre.example', 'correct horse battery');
    // The assessor sees the identity photos of the written part, to check the ID shown on camera;
    // the reviewer-only evidence API stays closed to them.
    const interview = await json<{ interview: { identityPhotos: { kind: string; url: string }[] } }>(
      assessor,
      'GET',
      `/api/staff/interviews/${booked.json.booking.id}`,
    );
    expect(interview.json.interview.identityPhotos.map((p) => p.kind).sort()).toEqual(['document', 'face']);
    const photo = await fetch(`${world.cadre.url}${interview.json.interview.identityPhotos[0]!.url}`, { headers: { cookie: assessor } });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect((await fetch(`${world.cadre.url}${interview.json.interview.identityPhotos[0]!.url}`)).status).toBe(401);
    const criteria = { vocabulary: 'B2', grammar: 'B2', fluency: 'B2', pronunciation: 'B1', interaction: 'B2' };
    // Grading opens at the booked time (issue 16): refused before, accepted once the interview has started.
    const early = await json<{ error: { id: string } }>(assessor, 'PUT', `/api/staff/interviews/${booked.json.booking.id}/assessment`, {
      outcome: 'graded',
      criteria,
      comments: '',
    });
    expect([early.status, early.json.error.id]).toEqual([409, 'oral:grading-not-open']);
    clock.travelTo(state.calendar.slots[0]!.startsAt);
    assessor = await staffLogin(world.cadre.url, 'assessor@centre.example', 'correct horse battery');
    // The candidate comes back from the course days later: a new launch (the earlier session has expired).
    await launch(world, candidate, { clientId, userId: 'cand-1', contextId: 'course-cert', resourceLinkId: linkId, roles: [ROLE.learner] });
    const graded = await json(assessor, 'PUT', `/api/staff/interviews/${booked.json.booking.id}/assessment`, {
      outcome: 'graded',
      criteria,
      comments: 'Clear and fluent.',
    });
    expect(graded.status).toBe(200);
    await world.cadre.worker.drain();
    expect(await world.cadre.results.findBySitting(sittingId)).toMatchObject({ state: 'awaiting-review', oral: { level: 'B2' } });
    expect((await json<Home>(candidate, 'GET', '/api/candidate/home')).json).toMatchObject({ oral: { state: 'done' }, results: { state: 'pending' } });
  });

  it('is released once the reviewer validates: FullyGraded scores on the 7 line items', async () => {
    await seedStaff(world.cadre.storage, { email: 'reviewer@centre.example', role: 'reviewer', password: 'correct horse battery' });
    const reviewer = await staffLogin(world.cadre.url, 'reviewer@centre.example', 'correct horse battery');
    expect((await json(reviewer, 'POST', `/api/review/sittings/${sittingId}/decision`, { decision: 'validated' })).status).toBeLessThan(300);
    await world.cadre.worker.drain();
    const result = (await world.cadre.results.findBySitting(sittingId))!;
    expect(result.state).toBe('released');
    // The candidate's home gives the result sheet, its PDF and the certificate, each reachable with the launch session.
    const home = (await json<Home>(candidate, 'GET', '/api/candidate/home')).json;
    const certificate = (await world.cadre.results.certificateForResult(result.id))!;
    expect(home.results).toEqual({
      state: 'released',
      overall: result.levels!.overall,
      sheetUrl: `/results/${result.id}`,
      pdfUrl: `/results/${result.id}/sheet.pdf`,
      certificateUrl: `/verify/${certificate.id}`,
      certificatePdfUrl: `/certificates/${certificate.id}/certificate.pdf`,
    });
    for (const url of [home.results.sheetUrl!, home.results.pdfUrl!, home.results.certificateUrl!, home.results.certificatePdfUrl!])
      expect([url, (await candidate.request(`${world.cadre.url}${url}`)).status]).toEqual([url, 200]);

    const final = world.lms.emulator.scoreLog.filter((s) => s.score.userId === 'cand-1').slice(7);
    expect(final).toHaveLength(7);
    expect(final.every((s) => s.score.gradingProgress === 'FullyGraded' && s.score.scoreMaximum === 6 && typeof s.score.scoreGiven === 'number')).toBe(true);
    const tags = world.lms.emulator
      .context('course-cert')
      .lineItems.filter((li) => li.resourceLinkId === linkId)
      .map((li) => li.tag)
      .sort();
    expect(tags).toEqual(['expressions', 'grammar', 'listening', 'oral', 'overall', 'reading', 'vocabulary']);
    const oralItem = world.lms.emulator.context('course-cert').lineItems.find((li) => li.resourceLinkId === linkId && li.tag === 'oral')!;
    expect(final.find((s) => s.lineItemId === oralItem.id)!.score).toMatchObject({ scoreGiven: 4, comment: 'Niveau B2' });
  });

  it('sends a sitting back to review when flagged events arrive after an automatic validation', async () => {
    const late = new Agent();
    await launch(world, late, {
      clientId: world.lms.emulator.context('course-cert').resourceLinks[0]!.clientId,
      userId: 'cand-2',
      contextId: 'course-cert',
      resourceLinkId: linkId,
      roles: [ROLE.learner],
    });
    const id = (await json<SittingView>(late, 'GET', '/api/sitting')).json.id;
    const p = `/api/proctoring/sittings/${id}`;
    const face = fs.readFileSync(path.join(projectRoot, 'test/fixtures/faces/astronaut-240.jpg'));
    await json(late, 'POST', `${p}/consent`, { accepted: true, locale: 'fr' });
    await json(late, 'POST', `${p}/equipment`, { passed: true, result: {} });
    await json(late, 'PUT', `${p}/identity/face?faces=1`, undefined, { type: 'image/jpeg', bytes: face });
    await json(late, 'PUT', `${p}/identity/document`, undefined, { type: 'image/jpeg', bytes: face });
    await json(late, 'PUT', '/api/candidate/personal-details', detailsBody());
    for (const step of ['consent', 'equipment', 'identity', 'instructions']) await json(late, 'POST', `/api/sitting/steps/${step}`, { data: {} });
    for (let i = 0; i < 50; i++) {
      const view = (await json<SittingView>(late, 'POST', '/api/sitting/next')).json;
      // The monitor's heartbeats during the items (issue 16): no automatic validation without them.
      // One closer than 5 s to the last is refused (429): the browser sends one every 15 s.
      if (i % 10 === 0)
        expect((await json(late, 'PUT', `${p}/heartbeat?faces=1`, undefined, { type: 'image/jpeg', bytes: face })).status).toBeOneOf([204, 429]);
      const item = bank.item(view.item!.id)!;
      await json(late, 'POST', `/api/sitting/items/${item.id}/answer`, { response: correctResponse(item.type, item.content, view.item!.view) });
    }
    await world.cadre.worker.drain();
    expect(await world.cadre.results.findBySitting(id)).toMatchObject({ state: 'awaiting-oral', reviewNeeded: false });
    // The browser was offline: a second person's presence reaches the server after the end.
    const at = new Date(clock.now().getTime() - 60_000);
    await json(late, 'POST', `${p}/events`, {
      events: [
        { clientId: 'evt-late-faces-1', type: 'face.multiple', startedAt: at.toISOString(), endedAt: new Date(at.getTime() + 5000).toISOString(), details: {} },
      ],
    });
    await world.cadre.worker.drain();
    expect(await world.cadre.results.findBySitting(id)).toMatchObject({ reviewNeeded: true });

    // Issue 17: once the reviewer invalidates the sitting, the oral cannot be booked, and the home says why.
    const reviewer = await staffLogin(world.cadre.url, 'reviewer@centre.example', 'correct horse battery');
    const reason = 'Une seconde personne dicte les réponses.';
    expect((await json(reviewer, 'POST', `/api/review/sittings/${id}/decision`, { decision: 'invalidated', reason })).status).toBe(200);
    await world.cadre.worker.drain();
    const slots = (await json<{ calendar: { slots: { startsAt: string }[] } }>(late, 'GET', '/api/oral/state')).json.calendar.slots;
    const refused = await json<{ error: { id: string; message: string } }>(late, 'POST', '/api/oral/bookings', { startsAt: slots[0]!.startsAt });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ id: 'booking:sitting-invalidated', message: expect.stringContaining('invalidée') });
    expect((await json<Home>(late, 'GET', '/api/candidate/home')).json.results).toEqual({ state: 'invalidated', reason });
  });

  it('holds for a reviewer the scripted client of issue 16: no camera, 1×1 PNG photos, faces=1, equipment passed, no event, no heartbeat', async () => {
    const script = new Agent();
    await launch(world, script, { clientId, userId: 'cand-4', contextId: 'course-cert', resourceLinkId: linkId, roles: [ROLE.learner] });
    const id = (await json<SittingView>(script, 'GET', '/api/sitting')).json.id;
    const p = `/api/proctoring/sittings/${id}`;
    await json(script, 'PUT', '/api/candidate/personal-details', detailsBody());
    await json(script, 'POST', `${p}/consent`, { accepted: true, locale: 'fr' });
    await json(script, 'POST', `${p}/equipment`, { passed: true, result: {} });
    for (const kind of ['face', 'document']) {
      const pixel = await json<{ error: { id: string } }>(script, 'PUT', `${p}/identity/${kind}?faces=1`, undefined, {
        type: 'image/png',
        bytes: onePixelPng(),
      });
      expect([pixel.status, pixel.json.error.id]).toEqual([422, 'proctoring:image-too-small']);
    }
    for (const step of ['consent', 'equipment']) await json(script, 'POST', `/api/sitting/steps/${step}`, { data: {} });
    expect((await json<{ error: { id: string } }>(script, 'POST', '/api/sitting/steps/identity', { data: {} })).json.error.id).toBe('sitting:step-not-done');
    // Any real photo gets it through the identity step: the face is the reviewer's to judge.
    for (const kind of ['face', 'document']) await json(script, 'PUT', `${p}/identity/${kind}?faces=1`, undefined, { type: 'image/jpeg', bytes: facePhoto() });
    for (const step of ['identity', 'instructions']) await json(script, 'POST', `/api/sitting/steps/${step}`, { data: {} });
    for (let i = 0; i < 50; i++) {
      const view = (await json<SittingView>(script, 'POST', '/api/sitting/next')).json;
      const item = bank.item(view.item!.id)!;
      await json(script, 'POST', `/api/sitting/items/${item.id}/answer`, { response: correctResponse(item.type, item.content, view.item!.view) });
    }
    await world.cadre.worker.drain();
    expect(await world.cadre.results.findBySitting(id)).toMatchObject({ state: 'awaiting-oral', reviewNeeded: true });
    expect(await world.cadre.proctoring.integrity(id)).toBe('pending-review');
    expect((await world.cadre.storage.proctoring.listEvents(id)).map((e) => [e.type, e.severity])).toEqual([['monitoring.missing', 'high']]);
  });

  it('issues a certificate that verifies, fails when a byte changes, and reports revoked after revocation', async () => {
    const result = (await world.cadre.results.findBySitting(sittingId))!;
    const certificate = (await world.cadre.results.certificateForResult(result.id))!;
    expect(certificate).toBeDefined();
    const valid = await json<{ outcome: string }>(new Agent(), 'GET', `/api/verify/${certificate.id}`);
    expect(valid.json.outcome).toBe('valid');

    const [header, payload, signature] = certificate.jwt.split('.');
    const bytes = Buffer.from(payload!, 'base64url');
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 1;
    const tampered = await json<{ outcome: string }>(new Agent(), 'POST', '/api/verify', {
      credential: `${header}.${bytes.toString('base64url')}.${signature}`,
    });
    expect(tampered.json.outcome).toBe('tampered');

    await seedStaff(world.cadre.storage, { email: 'admin@centre.example', role: 'centre-admin', password: 'correct horse battery' });
    const admin = await staffLogin(world.cadre.url, 'admin@centre.example', 'correct horse battery');
    expect((await json(admin, 'POST', `/api/certificates/${certificate.id}/revoke`, { reason: 'Identity fraud established' })).status).toBe(200);
    const revoked = await json<{ outcome: string; revocation: { reason: string } }>(new Agent(), 'GET', `/api/verify/${certificate.id}`);
    expect(revoked.json).toMatchObject({ outcome: 'revoked', revocation: { reason: 'Identity fraud established' } });
  });

  it('never says "proctored" on the certificate of an activity with proctoring off (issue 16)', async () => {
    const criteriaOf = async (certificateId: string) => {
      const res = await fetch(`${world.cadre.url}/certificates/${certificateId}`, { headers: { accept: 'application/vc+jwt' } });
      const payload = JSON.parse(Buffer.from((await res.text()).split('.')[1]!, 'base64url').toString()) as {
        credentialSubject: { achievement: { criteria: { narrative: string } } };
      };
      return payload.credentialSubject.achievement.criteria.narrative;
    };
    const proctoredResult = (await world.cadre.results.findBySitting(sittingId))!;
    expect(await criteriaOf((await world.cadre.results.certificateForResult(proctoredResult.id))!.id)).toContain('validated, proctored sitting');

    const practice = world.lms.emulator.addResourceLink('course-cert', {
      clientId,
      title: 'Anglais sans surveillance',
      custom: { cadre_language: 'en', cadre_target_level: 'A2', cadre_oral_required: 'false', cadre_proctoring: 'false' },
    }).id;
    const unwatched = new Agent();
    await launch(world, unwatched, { clientId, userId: 'cand-3', contextId: 'course-cert', resourceLinkId: practice, roles: [ROLE.learner] });
    const id = (await json<SittingView>(unwatched, 'GET', '/api/sitting')).json.id;
    await json(unwatched, 'PUT', '/api/candidate/personal-details', detailsBody());
    await json(unwatched, 'POST', '/api/sitting/steps/instructions', { data: {} });
    for (let i = 0; i < 50; i++) {
      const view = (await json<SittingView>(unwatched, 'POST', '/api/sitting/next')).json;
      const item = bank.item(view.item!.id)!;
      await json(unwatched, 'POST', `/api/sitting/items/${item.id}/answer`, { response: correctResponse(item.type, item.content, view.item!.view) });
    }
    await world.cadre.worker.drain();
    const result = (await world.cadre.results.findBySitting(id))!;
    expect(result.state).toBe('released');
    const narrative = await criteriaOf((await world.cadre.results.certificateForResult(result.id))!.id);
    expect(narrative).not.toMatch(/proctored sitting/);
    expect(narrative).toContain('taken without proctoring');
  });
});
