import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ROLE, SCOPE } from '../claims.js';
import { html, sendAutoSubmitForm, sendPage, type Html, type SendPageOptions } from '../../server/http/html.js';
import { EmulatorError, type PlatformEmulator } from './platform.js';

type Handler = (req: Request, res: Response) => Promise<void> | void;

/** The emulated LMS's look: its own small stylesheet, none of Cadre's CSS or components. */
const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}' +
  'table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}' +
  'label{display:block;margin:.5rem 0}.error{border-left:4px solid #b00;padding-left:1rem}';

function sendLmsPage(res: Response, title: string, body: Html, options?: SendPageOptions): void {
  sendPage(res, { lang: 'fr', title, body, styles: [], scripts: [], inlineStyle: STYLE }, options);
}

/** Wraps a handler so EmulatorErrors become OAuth-style JSON errors (HTML for browser pages). */
function handle(fn: Handler, kind: 'json' | 'html' = 'json') {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await fn(req, res);
    } catch (err) {
      if (!(err instanceof EmulatorError)) return next(err);
      if (kind === 'html') return sendLmsPage(res, 'Erreur', html`<h1>Erreur</h1><p>${err.message}</p>`, { status: err.status });
      res.status(err.status).json({ error: err.code, error_description: err.message });
    }
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function int(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The emulator's HTTP face: OIDC/OAuth endpoints, AGS and NRPS services, dynamic registration,
 * deep linking return, and a small demo course (course page, gradebook) for people.
 */
export function createEmulatorRouter(emulator: PlatformEmulator): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(express.json({ type: ['application/json', 'application/*+json'], limit: '64kb' }));

  // Service endpoints may be switched into an outage (retry tests).
  const services = (req: Request, res: Response, next: NextFunction) => {
    const status = emulator.takeOutage();
    if (status) {
      res.status(status).json({ error: 'unavailable', error_description: 'The platform is unavailable.' });
      return;
    }
    next();
  };

  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.json(emulator.openidConfiguration());
  });
  router.get('/jwks', (_req, res) => {
    res.json(emulator.jwks());
  });

  // OIDC authorization endpoint (GET or POST) → auto-submitted form_post to the tool.
  router.all(
    '/auth',
    handle(async (req, res) => {
      const params = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
      const { redirectUri, idToken, state } = await emulator.authorize(params);
      sendAutoSubmitForm(res, redirectUri, { id_token: idToken, state });
    }, 'html'),
  );

  router.post(
    '/token',
    services,
    handle(async (req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json(await emulator.issueAccessToken((req.body ?? {}) as Record<string, unknown>));
    }),
  );

  // Dynamic registration: the registration endpoint, and the initiator a person clicks.
  router.post(
    '/register',
    handle((req, res) => {
      const bearer = req.headers.authorization?.match(/^Bearer (.+)$/i)?.[1];
      res.json(emulator.completeDynamicRegistration(bearer, (req.body ?? {}) as Record<string, unknown>));
    }),
  );
  router.get(
    '/dynamic-registration',
    handle((req, res) => {
      const toolUrl = str(req.query.tool);
      if (!toolUrl) {
        sendLmsPage(
          res,
          'Enregistrement dynamique',
          html`<h1>Ajouter un outil par enregistrement dynamique</h1><form method="get"><label>URL d'enregistrement de l'outil <input name="tool" type="url" required size="60"></label><button>Enregistrer</button></form>`,
        );
        return;
      }
      const url = emulator.startDynamicRegistration(toolUrl);
      sendLmsPage(
        res,
        'Enregistrement dynamique',
        html`<h1>Enregistrement de l'outil</h1><p id="status">En cours…</p><iframe id="registration" title="Enregistrement" src="${url}" width="600" height="300"></iframe>`,
        {
          inlineScript:
            'addEventListener("message",e=>{if(e.data&&e.data.subject==="org.imsglobal.lti.close"){' +
            'document.getElementById("registration").remove();document.getElementById("status").textContent="Outil enregistré.";}})',
        },
      );
    }, 'html'),
  );

  // Deep linking return (the tool's auto-submitted form).
  router.post(
    '/deep-link-return',
    handle(async (req, res) => {
      const received = await emulator.receiveDeepLink(str((req.body as Record<string, unknown>)?.JWT));
      sendLmsPage(
        res,
        'Activité ajoutée',
        html`<h1>Activité ajoutée</h1><ul>${received.contentItems.map((i) => html`<li>${String(i.title ?? '')}</li>`)}</ul><p><a href="${emulator.url(`/course/${encodeURIComponent(received.contextId)}`)}">Retour au cours</a></p>`,
      );
    }, 'html'),
  );

  // ------------------------------------------------------------- AGS
  const agsRead = [SCOPE.lineItem, SCOPE.lineItemReadonly];
  router.get(
    '/api/contexts/:ctx/lineitems',
    services,
    handle((req, res) => {
      emulator.authorizeService(req.headers.authorization, agsRead);
      const q = req.query;
      const items = emulator.findLineItems(String(req.params.ctx), {
        ...(str(q.resource_link_id) ? { resourceLinkId: str(q.resource_link_id) } : {}),
        ...(str(q.resource_id) ? { resourceId: str(q.resource_id) } : {}),
        ...(str(q.tag) ? { tag: str(q.tag) } : {}),
      });
      res.type('application/vnd.ims.lis.v2.lineitemcontainer+json').send(JSON.stringify(items));
    }),
  );
  router.post(
    '/api/contexts/:ctx/lineitems',
    services,
    handle((req, res) => {
      emulator.authorizeService(req.headers.authorization, [SCOPE.lineItem]);
      const item = emulator.createLineItem(String(req.params.ctx), (req.body ?? {}) as Record<string, unknown>);
      res.status(201).type('application/vnd.ims.lis.v2.lineitem+json').send(JSON.stringify(item));
    }),
  );
  router.get(
    '/api/contexts/:ctx/lineitems/:id',
    services,
    handle((req, res) => {
      emulator.authorizeService(req.headers.authorization, agsRead);
      const ctx = String(req.params.ctx);
      res.type('application/vnd.ims.lis.v2.lineitem+json').send(JSON.stringify(emulator.lineItem(ctx, emulator.lineItemUrl(ctx, String(req.params.id)))));
    }),
  );
  router.delete(
    '/api/contexts/:ctx/lineitems/:id',
    services,
    handle((req, res) => {
      emulator.authorizeService(req.headers.authorization, [SCOPE.lineItem]);
      const ctx = String(req.params.ctx);
      emulator.deleteLineItem(ctx, emulator.lineItemUrl(ctx, String(req.params.id)));
      res.status(204).end();
    }),
  );
  router.post(
    '/api/contexts/:ctx/lineitems/:id/scores',
    services,
    handle((req, res) => {
      emulator.authorizeService(req.headers.authorization, [SCOPE.score]);
      const ctx = String(req.params.ctx);
      emulator.recordScore(ctx, emulator.lineItemUrl(ctx, String(req.params.id)), (req.body ?? {}) as Record<string, unknown>);
      res.status(204).end();
    }),
  );
  router.get(
    '/api/contexts/:ctx/lineitems/:id/results',
    services,
    handle((req, res) => {
      emulator.authorizeService(req.headers.authorization, [SCOPE.resultReadonly]);
      const ctx = String(req.params.ctx);
      res.type('application/vnd.ims.lis.v2.resultcontainer+json').send(JSON.stringify(emulator.results(ctx, emulator.lineItemUrl(ctx, String(req.params.id)))));
    }),
  );

  // ------------------------------------------------------------- NRPS
  router.get(
    '/api/contexts/:ctx/memberships',
    services,
    handle((req, res) => {
      emulator.authorizeService(req.headers.authorization, [SCOPE.nrps]);
      const { body, next } = emulator.memberships(String(req.params.ctx), {
        ...(int(req.query.limit) ? { limit: int(req.query.limit) } : {}),
        ...(int(req.query.page) ? { page: int(req.query.page) } : {}),
        ...(str(req.query.role) ? { role: str(req.query.role) } : {}),
        ...(str(req.query.rlid) ? { rlid: str(req.query.rlid) } : {}),
      });
      if (next) res.setHeader('Link', `<${next}>; rel="next"`);
      res.type('application/vnd.ims.lti-nrps.v2.membershipcontainer+json').send(JSON.stringify(body));
    }),
  );

  // ------------------------------------------------------------- people: course page, launches, gradebook
  router.get(
    '/launch',
    handle((req, res) => {
      const clientId = str(req.query.client_id) ?? [...emulator.tools.keys()][0];
      if (!clientId) throw new EmulatorError(400, 'invalid_request', 'No tool is registered yet.');
      const role = str(req.query.role);
      const url = emulator.beginLaunch({
        clientId,
        userId: str(req.query.user) ?? 'learner-1',
        contextId: str(req.query.context) ?? emulator.defaultContextId,
        messageType: req.query.message === 'deep-linking' ? 'LtiDeepLinkingRequest' : 'LtiResourceLinkRequest',
        ...(str(req.query.resource) ? { resourceLinkId: str(req.query.resource) } : {}),
        ...(role === 'instructor' ? { roles: [ROLE.instructor] } : role === 'learner' ? { roles: [ROLE.learner] } : {}),
      });
      res.redirect(url);
    }, 'html'),
  );

  router.get(
    ['/', '/course/:ctx'],
    handle((req, res) => sendLmsPage(res, 'Cours', coursePage(emulator, str(req.params.ctx) ?? emulator.defaultContextId)), 'html'),
  );
  router.get(
    '/gradebook/:ctx',
    handle((req, res) => sendLmsPage(res, 'Carnet de notes', gradebookPage(emulator, String(req.params.ctx))), 'html'),
  );

  return router;
}

function coursePage(emulator: PlatformEmulator, contextId: string): Html {
  const context = emulator.context(contextId);
  const tool = [...emulator.tools.values()][0];
  const ctx = encodeURIComponent(context.id);
  const u = (path: string) => emulator.url(path);
  // The names the course's members go by (the first launch enrols a member not seen yet).
  const learnerName = context.members.find((m) => m.id === 'learner-1')?.name;
  const instructorName = context.members.find((m) => m.id === 'instructor-1')?.name;
  const activities = context.resourceLinks.map((l) => {
    const rl = encodeURIComponent(l.id);
    return html`<li><strong>${l.title}</strong> — <a href="${u(`/launch?context=${ctx}&resource=${rl}&user=learner-1`)}">lancer comme candidat·e${learnerName ? ` (${learnerName})` : ''}</a> · <a href="${u(`/launch?context=${ctx}&resource=${rl}&user=instructor-1&role=instructor`)}">lancer comme formateur·rice${instructorName ? ` (${instructorName})` : ''}</a></li>`;
  });
  return html`<h1>${context.title}</h1><p>Cours de démonstration d'une plateforme LTI 1.3 émulée.</p>${
    tool
      ? html`<h2>Activités</h2><ul>${activities.length > 0 ? activities : html`<li>Aucune activité : ajoutez-en une.</li>`}</ul><p><a href="${u(`/launch?context=${ctx}&user=instructor-1&role=instructor&message=deep-linking`)}">Ajouter une activité de certification (Deep Linking)</a></p><p><a href="${u(`/gradebook/${ctx}`)}">Carnet de notes</a></p>`
      : html`<p>Aucun outil enregistré. <a href="${u('/dynamic-registration')}">Enregistrer un outil</a>.</p>`
  }`;
}

/** AGS grading progress in the gradebook's words (the emulated LMS speaks French, as Moodle does for a French user). */
const PROGRESS: Record<string, string> = {
  FullyGraded: 'noté',
  Pending: 'en attente',
  PendingManual: 'à noter',
  Failed: 'échec de la notation',
  NotReady: 'pas encore noté',
};

function gradebookPage(emulator: PlatformEmulator, contextId: string): Html {
  const context = emulator.context(contextId);
  const head = context.lineItems.map((li) => html`<th scope="col">${li.label}<br><small>/ ${li.scoreMaximum}</small></th>`);
  const rows = context.members
    .filter((m) => m.roles.some((r) => r.endsWith('#Learner')))
    .map((m) => {
      const cells = context.lineItems.map((li) => {
        const s = context.results.get(`${li.id} ${m.id}`);
        if (!s) return html`<td>—</td>`;
        const score = s.scoreGiven !== undefined ? `${s.scoreGiven} / ${s.scoreMaximum}` : '';
        return html`<td>${score} <small>${PROGRESS[s.gradingProgress] ?? s.gradingProgress}</small><br><small>${s.comment ?? ''}</small></td>`;
      });
      return html`<tr><th scope="row">${m.name}</th>${cells}</tr>`;
    });
  return html`<h1>Carnet de notes — ${context.title}</h1>${
    context.lineItems.length
      ? html`<table><thead><tr><th scope="col">Apprenant·e</th>${head}</tr></thead><tbody>${rows}</tbody></table>`
      : html`<p>Aucune colonne de notes.</p>`
  }<p><a href="${emulator.url(`/course/${encodeURIComponent(context.id)}`)}">Retour au cours</a></p>`;
}
