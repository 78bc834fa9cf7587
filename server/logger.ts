import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout, or appended to the file `destination` names (a bench keeps its terminal for
 * its figures and still pays for every log line, written the same asynchronous way). Secrets and
 * personal data never go into a log: the redact list is a last line of defence, not a licence to
 * log whole requests.
 */
export function createLogger(level: string, destination?: string): Logger {
  const options = {
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
  };
  return destination ? pino(options, pino.destination({ dest: destination, minLength: 0 })) : pino(options);
}
