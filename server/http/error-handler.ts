import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../errors.js';
import { translate } from '../i18n.js';
import { html, sendPage } from './html.js';
import { requestLocale } from './locale.js';

export interface ErrorBody {
  error: { id: string; message: string; requestId: string; issues?: { path: string; message: string }[] };
}

export const notFound: RequestHandler = (_req, _res, next) => next(new AppError('error:not-found', {}, 404));

/**
 * A path that does not percent-decode (`%ZZ`, a lone `%`) is the client's mistake: 400 with its
 * id, before any route or static file handler tries to decode it (and fails with a 500).
 */
export const malformedUrl: RequestHandler = (req, _res, next) => {
  try {
    decodeURIComponent(req.path);
  } catch {
    return next(new AppError('error:malformed-url', {}, 400));
  }
  next();
};

/** What each body-parser (raw-body) error means for the client: the status and the error id. */
const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.parse.failed': [400, 'error:malformed-json'],
  'entity.too.large': [413, 'error:payload-too-large'],
  'parameters.too.many': [413, 'error:payload-too-large'],
  'charset.unsupported': [415, 'error:unsupported-charset'],
  'encoding.unsupported': [415, 'error:unsupported-encoding'],
  'request.aborted': [400, 'error:malformed-body'],
  'request.size.invalid': [400, 'error:malformed-body'],
};

/**
 * Body-parser errors carry a type and a status; they are the client's fault, not ours. Each known
 * type has its answer; any other one the parser marks as the client's (4xx, `expose`) keeps its
 * status, a body that does not inflate (zlib's `Z_…` codes: "gzip" that is not) included.
 */
function clientErrorOf(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const type = 'type' in error && typeof error.type === 'string' ? error.type : undefined;
  const known = type ? BODY_ERRORS[type] : undefined;
  if (known) return new AppError(known[1], {}, known[0]);
  const inflate = 'code' in error && typeof error.code === 'string' && error.code.startsWith('Z_');
  const status = 'status' in error ? Number(error.status) : NaN;
  if ((type || inflate) && 'expose' in error && error.expose === true && status >= 400 && status < 500) {
    return new AppError('error:malformed-body', {}, status);
  }
  return undefined;
}

/**
 * One place maps errors to answers: AppError → its status and translated message; ZodError →
 * 400 with the field errors; anything else → logged 500 with the request id and no details.
 * Browsers asking for HTML get a page; everything else gets JSON.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) return next(error);
  const locale = requestLocale(req);
  const requestId = String(req.id ?? '');
  let status: number;
  let body: ErrorBody['error'];
  const known = error instanceof AppError ? error : clientErrorOf(error);
  if (known) {
    status = known.status;
    body = { id: known.id, message: translate(locale, known.id, known.params), requestId };
  } else if (error instanceof ZodError) {
    status = 400;
    body = {
      id: 'error:validation',
      message: translate(locale, 'error:validation'),
      requestId,
      issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  } else {
    status = 500;
    body = { id: 'error:internal', message: translate(locale, 'error:internal'), requestId };
    req.log.error({ err: error }, 'unhandled error');
  }
  if (req.accepts(['json', 'html']) === 'html') {
    sendPage(
      res,
      {
        lang: locale,
        title: translate(locale, 'error:title'),
        body: html`<h1>${translate(locale, 'error:title')}</h1>
<p role="alert">${body.message}</p>
<p><small>${translate(locale, 'error:request-id', { requestId })}</small></p>`,
      },
      { status },
    );
  } else {
    res.status(status).json({ error: body } satisfies ErrorBody);
  }
};
