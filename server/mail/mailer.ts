import fs from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** A stable Message-ID (<id@host>) for mail sent by a job, so a retried send is recognisably the same message. */
  messageId?: string;
  /** An iCalendar invitation (text/calendar with its METHOD). */
  calendar?: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; content: string };
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/**
 * SMTP when SMTP_URL is set; otherwise each message is written as an .eml file under
 * DATA_DIR/mail (open it with any mail client), and the log says where.
 */
export function createMailer(mail: Config['mail'], logger: Logger): Mailer {
  const log = logger.child({ module: 'mail' });
  const toNodemailer = (m: MailMessage) => ({
    from: mail.from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    ...(m.messageId ? { messageId: m.messageId } : {}),
    ...(m.calendar ? { icalEvent: { method: m.calendar.method, content: m.calendar.content } } : {}),
  });

  // nodemailer is loaded by the first mail, not at start (a server that just started sends none).
  let transporter: Promise<Transporter> | undefined;
  const transport = (options: Parameters<typeof import('nodemailer').createTransport>[0]) =>
    (transporter ??= import('nodemailer').then((nodemailer) => nodemailer.default.createTransport(options)));

  if (mail.smtpUrl) {
    const smtpUrl = mail.smtpUrl;
    return {
      async send(message) {
        const info = await (await transport(smtpUrl)).sendMail(toNodemailer(message));
        log.info({ messageId: info.messageId }, 'mail sent');
        return { messageId: info.messageId };
      },
    };
  }

  return {
    async send(message) {
      const info = await (await transport({ streamTransport: true, buffer: true, newline: 'unix' })).sendMail(toNodemailer(message));
      await fs.mkdir(mail.outboxDir, { recursive: true });
      const file = path.join(mail.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`);
      await fs.writeFile(file, info.message as Buffer);
      log.info({ messageId: info.messageId, file }, 'mail written to the outbox folder (no SMTP_URL set)');
      return { messageId: info.messageId };
    },
  };
}
