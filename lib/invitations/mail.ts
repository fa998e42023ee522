import 'server-only';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

const smtpEnv = z.object({
  SMTP_URL: z.string().trim().url('SMTP_URL must be a URL such as smtps://user:pass@smtp.example.org:465').optional().or(z.literal('').transform(() => undefined)),
  SMTP_FROM: z.string().trim().min(3).optional().or(z.literal('').transform(() => undefined)),
});

/** Whether links are mailed (SMTP_URL set) or only shown to the coordinator. */
export function isMailConfigured(): boolean {
  return Boolean(process.env.SMTP_URL?.trim());
}

export type LinkMail = { to: string; kind: 'INVITE' | 'PASSWORD_RESET'; url: string; inviterName: string; role: string; projectName: string | null; expiresAt: Date };

function bodyOf(mail: LinkMail): { subject: string; text: string } {
  const until = `${mail.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (mail.kind === 'PASSWORD_RESET') {
    return {
      subject: 'Set a new Primum password',
      text: `${mail.inviterName} issued a link for you to set a new password on Primum:\n\n${mail.url}\n\nThe link works once, until ${until}. If you did not expect it, ignore this message.\n`,
    };
  }
  const where = mail.projectName ? ` in the project "${mail.projectName}"` : '';
  return {
    subject: 'Your invitation to Primum',
    text: `${mail.inviterName} invites you to Primum as ${mail.role.toLowerCase()}${where}.\n\nOpen this link to set your name and password:\n\n${mail.url}\n\nThe link works once, until ${until}.\n`,
  };
}

/**
 * Send the link by SMTP when SMTP_URL is set; returns false when mail is not configured (the
 * coordinator then sends the link shown on the page). nodemailer is loaded only when needed.
 */
export async function sendLinkMail(mail: LinkMail): Promise<boolean> {
  const env = smtpEnv.safeParse({ SMTP_URL: process.env.SMTP_URL, SMTP_FROM: process.env.SMTP_FROM });
  if (!env.success) throw new AppError('CONFIG', env.error.issues[0].message);
  if (!env.data.SMTP_URL) return false;
  const { createTransport } = await import('nodemailer');
  // Bounded waits: a reset link is mailed inside the transaction that creates it (see issuePasswordReset).
  const transport = createTransport({ url: env.data.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 });
  const from = env.data.SMTP_FROM ?? `Primum <no-reply@${new URL(env.data.SMTP_URL).hostname}>`;
  await transport.sendMail({ from, to: mail.to, ...bodyOf(mail) });
  return true;
}
