import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../server/clock.js';
import { backoffMs } from '../../../server/domain/jobs/jobs.js';
import { Agent } from '../../support/lti/agent.js';
import { launch, registerDynamically, startWorld, type World } from '../../support/lti/cadre.js';

// Grade passback when the LMS is down for a while: retried with backoff, delivered once it
// recovers, exactly once; a 4xx stops the job with its reason recorded.
describe('AGS passback through the jobs table', () => {
  let world: World;
  let clock: ManualClock;
  let clientId: string;
  let activityId: string;
  let userId: string;

  beforeAll(async () => {
    clock = new ManualClock(new Date());
    world = await startWorld({ clock });
    clientId = (await registerDynamically(world)).tool.clientId;
    world.lms.emulator.addResourceLink('course-101', { id: 'rl-retry', title: 'Certification', clientId });
    const page = await launch(world, new Agent(), { clientId, userId: 'learner-9', contextId: 'course-101', resourceLinkId: 'rl-retry' });
    expect(page.status).toBe(200);
    const db = world.cadre.storage.db;
    activityId = (await db.selectFrom('activities').select('id').where('resource_link_id', '=', 'rl-retry').executeTakeFirstOrThrow()).id;
    userId = (await db.selectFrom('users').select('id').where('subject', '=', 'learner-9').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await world?.close();
  });

  const delivered = () => world.lms.emulator.scoreLog.filter((s) => s.score.userId === 'learner-9');

  it('retries while the LMS answers 503 and delivers the score once it recovers, exactly once', async () => {
    world.lms.emulator.setOutage(503, 3);
    expect(await world.cadre.lti.queueGrades({ activityId, userId, stage: 'validated', levels: { overall: 'C1' }, tags: ['overall'] })).toBe(1);
    const job = async () =>
      await world.cadre.storage.db.selectFrom('jobs').selectAll().where('type', '=', 'lti.score').orderBy('created_at', 'desc').executeTakeFirstOrThrow();

    for (let attempt = 1; attempt <= 3; attempt++) {
      await world.cadre.worker.drain();
      expect(delivered()).toHaveLength(0);
      const j = await job();
      expect(j).toMatchObject({ status: 'pending', attempts: attempt });
      expect(j.last_error).toContain('503');
      // Not due before its backoff…
      expect(await world.cadre.worker.drain()).toBe(0);
      clock.advance(backoffMs(attempt));
    }
    await world.cadre.worker.drain();
    expect(delivered()).toHaveLength(1);
    expect(delivered()[0]!.score).toMatchObject({ scoreGiven: 5, scoreMaximum: 6, comment: 'Niveau C1', gradingProgress: 'FullyGraded' });
    expect((await job()).status).toBe('done');

    // Nothing runs again later, and queueing the same state again adds nothing.
    clock.advance(3_600_000);
    expect(await world.cadre.worker.drain()).toBe(0);
    expect(await world.cadre.lti.queueGrades({ activityId, userId, stage: 'validated', levels: { overall: 'C1' }, tags: ['overall'] })).toBe(0);
    await world.cadre.worker.drain();
    expect(delivered()).toHaveLength(1);
  });

  it('stops with the recorded reason when the LMS refuses (4xx)', async () => {
    world.lms.emulator.setOutage(400, 1);
    await world.cadre.lti.queueGrades({ activityId, userId, stage: 'validated', levels: { overall: 'A2' }, tags: ['overall'] });
    await world.cadre.worker.drain();
    const job = await world.cadre.storage.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', 'lti.score')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job.last_error).toMatch(/LMS answered 400/);
    clock.advance(3_600_000);
    expect(await world.cadre.worker.drain()).toBe(0);
    expect(delivered()).toHaveLength(1);
  });
});
