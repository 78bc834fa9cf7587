import fs from 'node:fs';
import { randomInt } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { DemoTest } from '../domain/demo/demo-test.js';
import { translate } from '../i18n.js';
import { html, sendPage } from './html.js';
import { requestLocale } from './locale.js';
import { validate } from './validate.js';

const itemParams = z.object({ itemId: z.string().regex(/^demo-[a-z-]+$/) });

/**
 * The mini demo test: a page anyone may open (from the candidate home, the demo course, the
 * landing page), its items' views, a right-or-wrong check and the listening audio. Nothing is
 * stored and nothing depends on who asks: no session, no sitting, no grade.
 */
export function demoTestRoutes(demo: DemoTest): Router {
  const router = Router();

  router.get('/demo-test', (req, res) => {
    const locale = requestLocale(req);
    sendPage(res, {
      lang: locale,
      title: translate(locale, 'demo:title'),
      body: html`<cadre-demo-test lang="${locale}" content-lang="${demo.language}"></cadre-demo-test>`,
    });
  });

  router.get('/api/demo-test', (_req, res) => {
    res.set('cache-control', 'no-store').json({ language: demo.language, items: demo.views(() => randomInt(2 ** 31) / 2 ** 31) });
  });

  router.post('/api/demo-test/items/:itemId/check', (req, res) => {
    const { params, body } = validate(req, { params: itemParams, body: z.object({ response: z.unknown() }) });
    res.json(demo.check(params.itemId, body.response));
  });

  router.get('/api/demo-test/audio/:itemId', (req, res) => {
    const { params } = validate(req, { params: itemParams });
    const file = demo.audioFile(params.itemId);
    res.type(file.endsWith('.mp3') ? 'audio/mpeg' : 'audio/ogg').set('cache-control', 'public, max-age=3600');
    fs.createReadStream(file).pipe(res);
  });

  return router;
}
