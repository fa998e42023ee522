import { afterEach, describe, expect, it } from 'vitest';
import { isMailConfigured, sendLinkMail } from '@/lib/invitations/mail';

const mail = { to: 'a@example.org', kind: 'INVITE' as const, url: 'http://x/welcome/t', inviterName: 'Dr C', role: 'PHYSICIAN', projectName: null, expiresAt: new Date('2026-12-07T10:00:00Z') };

describe('link mail', () => {
  const saved = process.env.SMTP_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = saved;
  });

  it('is not sent without SMTP_URL: the coordinator sends the link shown on the page', async () => {
    delete process.env.SMTP_URL;
    expect(isMailConfigured()).toBe(false);
    await expect(sendLinkMail(mail)).resolves.toBe(false);
  });

  it('refuses a malformed SMTP_URL with a message that says what is expected', async () => {
    process.env.SMTP_URL = 'not a url';
    await expect(sendLinkMail(mail)).rejects.toMatchObject({ code: 'CONFIG', message: expect.stringContaining('SMTP_URL must be a URL') });
  });
});
