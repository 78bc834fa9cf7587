import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
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

  if (mail.smtpUrl) {
    const transport = nodemailer.createTransport(mail.smtpUrl);
    return {
      async send(message) {
        const info = await transport.sendMail(toNodemailer(message));
        log.info({ messageId: info.messageId }, 'mail sent');
        return { messageId: info.messageId };
      },
    };
  }

  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail(toNodemailer(message));
      await fs.mkdir(mail.outboxDir, { recursive: true });
      const file = path.join(mail.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`);
      await fs.writeFile(file, info.message as Buffer);
      log.info({ messageId: info.messageId, file }, 'mail written to the outbox folder (no SMTP_URL set)');
      return { messageId: info.messageId };
    },
  };
}
