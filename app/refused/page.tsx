import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { AppHeader } from '@/components/layout/app-header';
import { ALL_ROLES, pageAreaOf, type PageArea } from '@/lib/auth/access-matrix';
import { canCoordinate, homePathFor, type Role } from '@/lib/auth/roles';
import { requirePageUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Not for your role', robots: { index: false, follow: false } };

const AREA: Record<PageArea, string> = {
  coordinators: 'Coordinators\' pages',
  reviewers: 'Coordinators\' and adjudicators\' pages',
  admins: 'Admins\' pages',
  physicians: 'Physicians\' rating pages',
  other: 'These pages',
};

const ROLE_NAME: Record<Role, string> = { PHYSICIAN: 'physician', ADJUDICATOR: 'adjudicator', COORDINATOR: 'coordinator', ADMIN: 'admin' };

/** `for` is the list of roles the refused page wants (set by requirePageUser); anything else reads as unknown. */
const forSchema = z
  .string()
  .max(200)
  .transform((s) => s.split(','))
  .pipe(z.array(z.enum(['ADMIN', 'COORDINATOR', 'ADJUDICATOR', 'PHYSICIAN'])).min(1).max(4));

/**
 * Where requirePageUser sends a signed-in person whose role does not open a page: it says whose pages
 * they were, that this person's role does not open them, and links to their own home. (Answered with
 * HTTP 200 after a redirect: an App Router page cannot set its own status without `forbidden()`,
 * which needs an experimental flag.)
 */
export default async function RefusedPage({ searchParams }: { searchParams: Promise<{ for?: string | string[] }> }) {
  const [user, query] = await Promise.all([requirePageUser(ALL_ROLES), searchParams]);
  const parsed = forSchema.safeParse(typeof query.for === 'string' ? query.for : '');
  const area = parsed.success ? AREA[pageAreaOf(parsed.data)] : AREA.other;
  const home = homePathFor(user.role);
  const homeLabel = user.role === 'PHYSICIAN' ? 'My cases' : 'Projects';
  return (
    <>
      <AppHeader user={user} nav={[{ href: home, label: homeLabel }, ...(canCoordinate(user.role) ? [{ href: '/people', label: 'People' }] : [])]} />
      <main className="mx-auto max-w-6xl px-4 py-6">
        <div className="space-y-3" data-testid="refused">
          <h1 className="text-2xl font-bold">Not open to your role</h1>
          <p className="text-base" data-testid="refused-reason">
            {area}: your role ({ROLE_NAME[user.role]}) does not open {parsed.success ? 'them' : 'this page'}.
          </p>
          {parsed.success ? (
            <p className="text-sm text-slate-600">They are open to: {parsed.data.map((r) => ROLE_NAME[r]).join(', ')}. If you need one, ask a coordinator or an admin.</p>
          ) : null}
          <p>
            <Link href={home} className="font-medium text-sky-800 hover:underline">Go to {homeLabel.toLowerCase()}</Link>
          </p>
        </div>
      </main>
    </>
  );
}
