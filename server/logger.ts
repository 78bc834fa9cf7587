import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Secrets and personal data never go into a log: the redact list is a last
 * line of defence, not a licence to log whole requests.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'cadre' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.id_token',
        '*.secret',
        '*.privateKey',
      ],
      censor: '[redacted]',
    },
  });
}
