import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { ActionButton } from '@/components/people/action-button';
import { ROLE_LABEL } from '@/components/people/fields';
import { StatusBadges } from '@/components/people/people-table';
import { AssignmentsByState, FlagsRaised, PersonFigures } from '@/components/people/person-work';
import { ResetLinkForm } from '@/components/people/reset-link-form';
import { RoleForm } from '@/components/people/role-form';
import { requirePageUser } from '@/lib/auth/session';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { setActiveAction } from '@/lib/people/actions';
import { getPersonProfile } from '@/lib/people/profile';
import { assignableRoles } from '@/lib/people/scope';

export const metadata: Metadata = { title: 'Person' };

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(COORDINATING_ROLES);
  const profile = await getPersonProfile({ actor: user, userId: id }).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <div>
        <Link href="/people" className="text-sm font-medium text-sky-800 hover:underline">← People</Link>
        <h1 className="text-2xl font-bold" data-testid="person-name">{profile.name}</h1>
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <span className="break-all">{profile.email}</span> · <span>{ROLE_LABEL[profile.role]}</span>
          {profile.specialties.length ? <> · <span>{profile.specialties.join(', ')}</span></> : null} · <StatusBadges {...profile} />
          <span className="text-slate-600">· since <LocalTime iso={profile.createdAt} style="date" /></span>
        </p>
        <p className="mt-1 text-sm text-slate-700">
          Projects: {profile.projects.length ? profile.projects.map((p, i) => <span key={p.id}>{i ? ', ' : ''}<Link href={`/projects/${p.slug}/people`} className="text-sky-800 hover:underline">{p.name}</Link></span>) : 'none you can see'}
        </p>
      </div>
      <Card title="Work">
        <PersonFigures profile={profile} />
      </Card>
      <Card title="Assignments">
        <AssignmentsByState assignments={profile.assignments} />
      </Card>
      <Card title="Flags raised">
        <FlagsRaised flags={profile.flags} />
      </Card>
      {profile.canManage && !profile.isSimulated ? (
        <>
          <Card title="Role and specialties">
            <RoleForm userId={profile.id} role={profile.role} specialties={profile.specialties} roles={assignableRoles(user)} canChangeRole={profile.id !== user.id} />
          </Card>
          <Card title="Access">
            <div className="space-y-4">
              <div className="space-y-1">
                <p className="text-sm text-slate-700">
                  {profile.isActive
                    ? 'Deactivating signs them out everywhere at their next request; submitted ratings stay, open assignments go back to the pool and are re-assigned.'
                    : 'This person cannot sign in. Reactivating lets them sign in again and gives a physician waiting cases.'}
                </p>
                <ActionButton
                  id="person-active"
                  action={setActiveAction}
                  fields={{ userId: profile.id, isActive: profile.isActive ? 'false' : 'true' }}
                  label={profile.isActive ? 'Deactivate' : 'Reactivate'}
                  variant={profile.isActive ? 'danger' : 'primary'}
                  confirm={profile.isActive ? `Deactivate ${profile.name}? Their open assignments will be given to others.` : undefined}
                />
              </div>
              {profile.isActive ? <ResetLinkForm userId={profile.id} /> : null}
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}
