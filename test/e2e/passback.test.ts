import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE } from '../../lti/claims.js';
import { scoreComment } from '../../lti/grades.js';
import { ManualClock } from '../../server/clock.js';
import { loadBank } from '../../server/content/load-bank.js';
import { GRADE_TAGS, levelScore, SKILLS, type GradeTag } from '../../server/domain/cefr.js';
import type { LoadedBank } from '../../server/domain/delivery/ports.js';
import type { SittingView } from '../../server/domain/delivery/sitting-service.js';
import { contentDir } from '../../server/paths.js';
import { correctResponse, wrongResponse } from '../support/answers.js';
import { Agent } from '../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../support/lti/cadre.js';
import { seedStaff, staffLogin, weekdayMornings } from '../support/oral.js';
import { detailsBody } from '../support/personal-details.js';
import { postgresAvailable } from '../support/postgres.js';

// Issue 20, item 1: what the LMS finally holds on each line item once a certification is released,
// for an activity without an oral (released as soon as the written part ends) and one with an oral,
// across an LMS outage and a Cadre restart in the middle of the passback. The emulated LMS orders
// scores as Moodle does (whole seconds; a timestamp not newer than the grade on record is refused
// with 409; a Pending score is recorded at the LMS's own clock).
const databases = [{ name: 'SQLite', postgres: false }, ...(postgresAvailable('grade passback e2e') ? [{ name: 'PostgreSQL', postgres: true }] : [])];

describe.each(databases)('grade passback to a Moodle-like LMS, end to end ($name)', ({ postgres }) => {
  let world: World;
  let bank: LoadedBank;
  let clientId: string;
  const clock = new ManualClock(new Date());

  const api = async <T>(agent: Agent | string, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const init: RequestInit = {
      method,
      headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
    };
    if (typeof agent === 'string') {
      const res = await fetch(`${world.cadre.url}${url}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: agent } });
      return { status: res.status, json: (await res.json().catch(() => undefined)) as T };
    }
    const page = await agent.request(`${world.cadre.url}${url}`, init);
    return { status: page.status, json: (page.body ? JSON.parse(page.body) : undefined) as T };
  };

  /** A learner launches the activity and answers the 50 items (every third one wrong). */
  const takeWrittenPart = async (userId: string, linkId: string, contextId: string): Promise<string> => {
    const agent = new Agent();
    await launch(world, agent, { clientId, userId, contextId, resourceLinkId: linkId, roles: [ROLE.learner] });
    expect((await api(agent, 'PUT', '/api/candidate/personal-details', detailsBody())).status).toBe(200);
    let view = (await api<SittingView>(agent, 'POST', '/api/sitting/steps/instructions', { data: {} })).json;
    for (let i = 0; i < 50; i++) {
      view = (await api<SittingView>(agent, 'POST', '/api/sitting/next')).json;
      const item = bank.item(view.item!.id)!;
      const response = (i % 3 === 2 ? wrongResponse : correctResponse)(item.type, item.content, view.item!.view);
      const answered = await api<SittingView>(agent, 'POST', `/api/sitting/items/${item.id}/answer`, { response });
      expect(answered.status).toBe(200);
      view = answered.json;
    }
    expect(view.step).toBe('written-done');
    return view.id;
  };

  /** Runs the job worker as time passes (backoffs come due) until nothing is left to do. */
  const passTime = async () => {
    for (let i = 0; i < 30; i++) {
      await world.cadre.worker.drain();
      clock.advance(5 * 60_000);
    }
  };

  /** What the LMS holds now on each of the activity's line items for this learner. */
  const held = (contextId: string, linkId: string, learner: string) => {
    const items = world.lms.emulator.context(contextId).lineItems.filter((li) => li.resourceLinkId === linkId);
    return Object.fromEntries(items.map((li) => [li.tag, world.lms.emulator.heldScore(contextId, li.id, learner)])) as Partial<
      Record<GradeTag, ReturnType<typeof world.lms.emulator.heldScore>>
    >;
  };

  /** The score each line item must finally hold: the released result's levels. */
  const expectedScores = async (sittingId: string, withOral: boolean) => {
    const result = (await world.cadre.results.findBySitting(sittingId))!;
    expect(result.state).toBe('released');
    const levels = result.levels!;
    const expected: Partial<Record<GradeTag, number>> = { overall: levelScore(levels.overall) };
    for (const skill of SKILLS) expected[skill] = levelScore(levels.written[skill]);
    if (withOral) expected.oral = levelScore(levels.oral!);
    return expected;
  };

  /** No Pending score was ever accepted after a final one on the same line item. */
  const neverPendingAfterFinal = (learner: string) => {
    const log = world.lms.emulator.scoreLog.filter((s) => s.score.userId === learner);
    for (const [i, entry] of log.entries()) {
      if (entry.score.gradingProgress !== 'FullyGraded') continue;
      const later = log.slice(i + 1).filter((s) => s.lineItemId === entry.lineItemId);
      expect(later.every((s) => s.score.gradingProgress === 'FullyGraded')).toBe(true);
    }
  };

  beforeAll(async () => {
    bank = loadBank(path.join(contentDir, 'banks', 'en'));
    world = await startWorld({ clock, postgres });
    world.lms.emulator.scoreOrder = 'moodle';
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addContext('course-pb', 'ENG', 'Business English');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('without an oral: the final levels on the six line items, never "Pending", nothing on the oral line item, across an outage and a restart', async () => {
    const linkId = world.lms.emulator.addResourceLink('course-pb', {
      clientId,
      title: 'Certification écrite',
      custom: { cadre_language: 'en', cadre_target_level: 'B1', cadre_oral_required: 'false', cadre_proctoring: 'false' },
    }).id;
    // The LMS goes down before the written part ends: the first attempts of every score fail.
    world.lms.emulator.setOutage(503);
    const sittingId = await takeWrittenPart('pb-written-only', linkId, 'course-pb');
    await world.cadre.worker.drain();
    expect(world.lms.emulator.scoreLog.filter((s) => s.score.userId === 'pb-written-only')).toHaveLength(0);
    // Cadre restarts with the scores still to send; the LMS comes back.
    await world.restart();
    world.lms.emulator.clearOutage();
    await passTime();

    const expected = await expectedScores(sittingId, false);
    const holds = held('course-pb', linkId, 'pb-written-only');
    expect(Object.keys(holds).sort()).toEqual(GRADE_TAGS.filter((t) => t !== 'oral').sort());
    for (const [tag, score] of Object.entries(expected)) {
      expect(holds[tag as GradeTag], tag).toMatchObject({ gradingProgress: 'FullyGraded', activityProgress: 'Completed', scoreGiven: score, scoreMaximum: 6 });
    }
    // Released at once: the gradebook never said "Pending".
    expect(world.lms.emulator.scoreLog.filter((s) => s.score.userId === 'pb-written-only' && s.score.gradingProgress === 'Pending')).toEqual([]);
  });

  it('with an oral: "Pending" with a comment after the written part, then the final levels on the seven line items, across a refused score, an outage and a restart', async () => {
    const linkId = world.lms.emulator.addResourceLink('course-pb', {
      clientId,
      title: 'Certification avec oral',
      custom: { cadre_language: 'en', cadre_target_level: 'B1', cadre_oral_required: 'true', cadre_proctoring: 'false' },
    }).id;
    const sittingId = await takeWrittenPart('pb-with-oral', linkId, 'course-pb');
    // The candidate books the oral at once; the LMS hears of the written part when the worker runs
    // at the interview's start time (grading opens then).
    await seedStaff(world.cadre.storage, {
      email: `assessor-${postgres ? 'pg' : 'sq'}@centre.example`,
      password: 'correct horse battery',
      availability: weekdayMornings,
    });
    const agent = new Agent();
    await launch(world, agent, { clientId, userId: 'pb-with-oral', contextId: 'course-pb', resourceLinkId: linkId, roles: [ROLE.learner] });
    const state = (await api<{ calendar: { slots: { startsAt: string }[] } }>(agent, 'GET', '/api/oral/state?tz=Europe/Paris')).json;
    const booked = await api<{ booking: { id: string } }>(agent, 'POST', '/api/oral/bookings', {
      startsAt: state.calendar.slots[0]!.startsAt,
      timeZone: 'Europe/Paris',
    });
    expect(booked.status).toBe(201);
    clock.set(state.calendar.slots[0]!.startsAt);
    await world.cadre.worker.drain();
    let holds = held('course-pb', linkId, 'pb-with-oral');
    expect(Object.keys(holds).sort()).toEqual([...GRADE_TAGS].sort());
    for (const tag of GRADE_TAGS) {
      expect(holds[tag], tag).toMatchObject({ gradingProgress: 'Pending', activityProgress: 'Submitted' });
      expect(holds[tag]!.scoreGiven, tag).toBeUndefined();
    }
    expect(holds.oral!.comment).toBe(scoreComment('fr', { tag: 'oral', level: null, final: false }));
    expect(holds.overall!.comment).toBe(scoreComment('fr', { tag: 'overall', level: null, final: false }));

    // The oral is graded within the same second (the LMS recorded "Pending" at its own clock: a score
    // stamped now is refused with 409), and the LMS fails a few calls on top of that.
    const assessor = await staffLogin(world.cadre.url, `assessor-${postgres ? 'pg' : 'sq'}@centre.example`, 'correct horse battery');
    const criteria = { vocabulary: 'B2', grammar: 'B2', fluency: 'B2', pronunciation: 'B1', interaction: 'B2' };
    expect((await api(assessor, 'PUT', `/api/staff/interviews/${booked.json.booking.id}/assessment`, { outcome: 'graded', criteria })).status).toBe(200);
    world.lms.emulator.setOutage(503, 3);
    await world.cadre.worker.drain();
    const refused = await world.cadre.storage.db
      .selectFrom('jobs')
      .select(['status', 'last_error'])
      .where('type', '=', 'lti.score')
      .where('status', '=', 'pending')
      .execute();
    expect(refused.some((j) => /409/.test(j.last_error ?? ''))).toBe(true);
    // Cadre restarts in the middle of the passback; time passes; every final score lands.
    await world.restart();
    await passTime();

    const expected = await expectedScores(sittingId, true);
    holds = held('course-pb', linkId, 'pb-with-oral');
    for (const [tag, score] of Object.entries(expected)) {
      expect(holds[tag as GradeTag], tag).toMatchObject({ gradingProgress: 'FullyGraded', activityProgress: 'Completed', scoreGiven: score, scoreMaximum: 6 });
    }
    neverPendingAfterFinal('pb-with-oral');
    const failed = await world.cadre.storage.db
      .selectFrom('jobs')
      .select(['last_error'])
      .where('type', '=', 'lti.score')
      .where('status', '=', 'failed')
      .execute();
    expect(failed).toEqual([]);
  });

  it('with an oral, the LMS down from the written part on: the waiting "Pending" scores are dropped and the final ones land', async () => {
    const linkId = world.lms.emulator.addResourceLink('course-pb', {
      clientId,
      title: 'Certification avec oral (panne)',
      custom: { cadre_language: 'en', cadre_target_level: 'B1', cadre_oral_required: 'true', cadre_proctoring: 'false' },
    }).id;
    world.lms.emulator.setOutage(503);
    const sittingId = await takeWrittenPart('pb-outage', linkId, 'course-pb');
    await world.cadre.worker.drain();
    clock.advance(10 * 60_000);
    const agent = new Agent();
    await launch(world, agent, { clientId, userId: 'pb-outage', contextId: 'course-pb', resourceLinkId: linkId, roles: [ROLE.learner] });
    const state = (await api<{ calendar: { slots: { startsAt: string }[] } }>(agent, 'GET', '/api/oral/state?tz=Europe/Paris')).json;
    const booked = await api<{ booking: { id: string } }>(agent, 'POST', '/api/oral/bookings', {
      startsAt: state.calendar.slots[0]!.startsAt,
      timeZone: 'Europe/Paris',
    });
    expect(booked.status).toBe(201);
    clock.set(state.calendar.slots[0]!.startsAt);
    const assessor = await staffLogin(world.cadre.url, `assessor-${postgres ? 'pg' : 'sq'}@centre.example`, 'correct horse battery');
    const criteria = { vocabulary: 'C1', grammar: 'B2', fluency: 'C1', pronunciation: 'B2', interaction: 'C1' };
    expect((await api(assessor, 'PUT', `/api/staff/interviews/${booked.json.booking.id}/assessment`, { outcome: 'graded', criteria })).status).toBe(200);
    await world.cadre.worker.drain();
    await world.restart();
    world.lms.emulator.clearOutage();
    await passTime();

    const expected = await expectedScores(sittingId, true);
    const holds = held('course-pb', linkId, 'pb-outage');
    for (const [tag, score] of Object.entries(expected)) {
      expect(holds[tag as GradeTag], tag).toMatchObject({ gradingProgress: 'FullyGraded', scoreGiven: score });
    }
    neverPendingAfterFinal('pb-outage');
  });
});
