'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { AuthError } from 'next-auth';
import { z } from 'zod';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { signIn } from '@/lib/auth/config';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { toAppError } from '@/lib/db';
import { acceptInvitation, createInvitation, issuePasswordReset, revokeInvitation, type IssuedLink } from '@/lib/invitations/service';
import { createInvitationSchema, resetLinkSchema } from '@/lib/invitations/schema';
import { sendLinkMail } from '@/lib/invitations/mail';

/** A link just issued; `url` is null when it was mailed and must not be shown (password resets with SMTP). */
export type IssuedLinkView = { url: string | null; email: string; kind: IssuedLink['kind']; expiresAt: string; mailed: boolean; mailError?: string };

/** The public address of the app: AUTH_URL behind a proxy, else the address this request came to. */
async function appOrigin(): Promise<string> {
  if (process.env.AUTH_URL) return new URL(process.env.AUTH_URL).origin;
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? 'http';
  return `${proto}://${host}`;
}

/** Mail an invitation when SMTP is configured; a failed send still leaves the link on screen to copy (a new account escalates nobody). */
async function deliver(link: IssuedLink, inviterName: string): Promise<IssuedLinkView> {
  const url = `${await appOrigin()}/welcome/${link.token}`;
  const view: IssuedLinkView = { url, email: link.email, kind: link.kind, expiresAt: link.expiresAt.toISOString(), mailed: false };
  try {
    view.mailed = await sendLinkMail({ to: link.email, kind: link.kind, url, inviterName, role: link.role, projectName: link.projectName, expiresAt: link.expiresAt });
  } catch (error) {
    console.error('[invite] mail not sent', error);
    view.mailError = 'The email could not be sent; copy the link and send it yourself.';
  }
  return view;
}

const invite = safeAction(COORDINATING_ROLES, createInvitationSchema, async (input, user) => {
  const link = await createInvitation({ actor: user, input });
  revalidatePath('/people');
  return { ok: true, message: `Invitation for ${link.email} created.`, data: await deliver(link, user.name) };
});

export async function inviteAction(_state: ActionState<IssuedLinkView>, formData: FormData): Promise<ActionState<IssuedLinkView>> {
  return invite({
    email: formData.get('email') ?? '',
    role: formData.get('role') ?? '',
    specialties: formData.getAll('specialties'),
    projectId: formData.get('projectId') ?? undefined,
    expiresInDays: formData.get('expiresInDays') || undefined,
  }) as Promise<ActionState<IssuedLinkView>>;
}

const reset = safeAction(COORDINATING_ROLES, resetLinkSchema, async ({ userId, expiresInDays }, user): Promise<ActionState<IssuedLinkView>> => {
  const origin = await appOrigin();
  // With SMTP configured the service mails the link and never returns it: only the person sees it.
  const link = await issuePasswordReset({ actor: user, userId, expiresInDays, linkUrl: (token) => `${origin}/welcome/${token}` });
  revalidatePath(`/people/${userId}`);
  if (link.mailed) return { ok: true, message: `A password-reset link was sent to ${link.email}. It works once, until the date below; you do not see it.`, data: { url: null, email: link.email, kind: link.kind, expiresAt: link.expiresAt.toISOString(), mailed: true } };
  const url = `${origin}/welcome/${link.token}`;
  return { ok: true, message: `Password-reset link for ${link.email} created.`, data: { url, email: link.email, kind: link.kind, expiresAt: link.expiresAt.toISOString(), mailed: false } };
});

export async function resetLinkAction(_state: ActionState<IssuedLinkView>, formData: FormData): Promise<ActionState<IssuedLinkView>> {
  return reset({ userId: formData.get('userId') ?? '', expiresInDays: formData.get('expiresInDays') || undefined }) as Promise<ActionState<IssuedLinkView>>;
}

const revoke = safeAction(COORDINATING_ROLES, z.object({ invitationId: z.string().min(1).max(64) }), async ({ invitationId }, user) => {
  const { email } = await revokeInvitation({ actor: user, invitationId });
  revalidatePath('/people');
  return { ok: true, message: `The link for ${email} was withdrawn.` };
});

export async function revokeInvitationAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return revoke({ invitationId: formData.get('invitationId') ?? '' });
}

/**
 * The invitee's (or resetting person's) form on /welcome/<token>: no session needed, the token is
 * the credential. On success they are signed in with the password they just set.
 */
export async function acceptInvitationAction(_state: ActionState<{ name: string }>, formData: FormData): Promise<ActionState<{ name: string }>> {
  const name = formData.get('name');
  const password = String(formData.get('password') ?? '');
  let email: string;
  try {
    ({ email } = await acceptInvitation({ token: String(formData.get('token') ?? ''), name: typeof name === 'string' ? name : undefined, password, confirm: String(formData.get('confirm') ?? '') }));
  } catch (caught) {
    const error = toAppError(caught);
    if (isAppError(error)) {
      const field = (error.details as { field?: string } | undefined)?.field;
      // The name comes back so the form keeps it (React resets a form after its action); passwords never do.
      const data = { name: typeof name === 'string' ? name : '' };
      return field ? { ok: false, message: 'Please correct the highlighted field.', errors: { [field]: [error.message] }, data } : { ok: false, message: error.message, data };
    }
    console.error('[welcome] unexpected error', error);
    return { ok: false, message: 'Something went wrong on our side; nothing was changed. Please try again.' };
  }
  try {
    await signIn('credentials', { email, password, redirectTo: '/' });
  } catch (error) {
    // signIn signals success by throwing Next's redirect, which must propagate.
    if (error instanceof AuthError) redirect('/login?welcome=1');
    throw error;
  }
  return { ok: true };
}
