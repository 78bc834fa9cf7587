import path from 'node:path';
import { Router } from 'express';
import { translate } from '../i18n.js';
import { projectRoot } from '../paths.js';
import { html, sendPage } from './html.js';
import { requestLocale } from './locale.js';

/** The tool's logo, the `logo_uri` of its LTI registration (components/logo.svg, no build needed). */
const LOGO = path.join(projectRoot, 'components', 'logo.svg');

/** The landing page a newcomer sees after `npm start`: what Cadre is, its state, where to go next. */
export function homeRoutes(options: { demoEnabled: boolean }): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const locale = requestLocale(req);
    const t = (id: string) => translate(locale, id);
    const other = locale === 'fr' ? 'en' : 'fr';
    sendPage(res, {
      lang: locale,
      title: `${translate(locale, 'app:name')} — ${translate(locale, 'app:tagline')}`,
      body: html`<header><h1>${t('app:name')}</h1><p>${t('app:tagline')}</p>
<p><a href="/?lang=${other}" lang="${other}">${other === 'en' ? 'English' : 'Français'}</a></p></header>
<p>${t('home:intro')}</p>
${options.demoEnabled && html`<p><a href="/demo">${t('home:demo')}</a></p>`}
<p><a href="/demo-test?lang=${locale}">${t('home:demo-link')}</a></p>
<p>${t('home:install')}</p>
<cadre-service-status lang="${locale}"></cadre-service-status>`,
    });
  });
  // LMSs show the logo in their own pages (Moodle: Manage tools, the course's tools, the
  // activity header): an image another origin may embed, unlike the rest of Cadre.
  router.get('/assets/logo.svg', (_req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.sendFile(LOGO, { headers: { 'Content-Type': 'image/svg+xml' }, maxAge: '1d' }, (error) => error && next(error));
  });
  return router;
}
