import type { Metadata } from 'next';
import Link from 'next/link';
import { LocalTime } from '@/components/ui/local-time';
import { WelcomeForm } from '@/components/people/welcome-form';
import { ROLE_LABEL } from '@/components/people/fields';
import { getWelcome } from '@/lib/invitations/service';

export const metadata: Metadata = { title: 'Welcome', robots: { index: false, follow: false } };

/** An invitation or reset link: no session needed, the token is the credential. */
export default async function WelcomePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = await getWelcome(token);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-8">
      <h1 className="text-2xl font-bold">Primum</h1>
      {view.status === 'pending' ? (
        <>
          {view.kind === 'INVITE' ? (
            <p className="mb-6 mt-2 text-sm text-slate-700" data-testid="welcome-intro">
              <strong>{view.inviterName}</strong> invites you to Primum as <strong>{ROLE_LABEL[view.role].toLowerCase()}</strong>
              {view.specialties.length ? <> ({view.specialties.join(', ')})</> : null}
              {view.projectName ? <> in the project <strong>{view.projectName}</strong></> : null}. Your account will be <span className="break-all">{view.email}</span>.
              Set your name and a password; the link works once, until <LocalTime iso={view.expiresAt} />.
            </p>
          ) : (
            <p className="mb-6 mt-2 text-sm text-slate-700" data-testid="welcome-intro">
              <strong>{view.inviterName}</strong> issued this link for {view.personName ?? view.email} (<span className="break-all">{view.email}</span>) to set a new password.
              Setting it signs you out everywhere else. The link works once, until <LocalTime iso={view.expiresAt} />.
            </p>
          )}
          <WelcomeForm token={token} askName={view.kind === 'INVITE'} email={view.email} />
        </>
      ) : (
        <div role="alert" className="mt-4 space-y-3" data-testid="welcome-refused">
          <p className="text-base font-semibold text-rose-900">
            {view.status === 'invalid' ? 'This link is not valid.' : view.status === 'used' ? 'This link was already used.' : view.status === 'revoked' ? <>This link was withdrawn; ask {view.inviterName} for a new one.</> : <>This link expired on <LocalTime iso={view.expiresAt} />; ask {view.inviterName} for a new one.</>}
          </p>
          <p className="text-sm text-slate-700">
            {view.status === 'used' ? 'If you already set your password, sign in.' : 'Check that you copied the whole link.'} <Link href="/login" className="font-medium text-sky-800 hover:underline">Go to sign-in</Link>
          </p>
        </div>
      )}
    </main>
  );
}
