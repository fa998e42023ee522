import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { InviteForm } from '@/components/people/invite-form';
import { InvitationsTable } from '@/components/people/invitations-table';
import { PeopleFilterForm } from '@/components/people/people-filter';
import { PeopleTable } from '@/components/people/people-table';
import { requirePageUser } from '@/lib/auth/session';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { listInvitations } from '@/lib/invitations/service';
import { peopleFilterSchema } from '@/lib/people/schema';
import { invitableRoles } from '@/lib/people/scope';
import { listPeople } from '@/lib/people/service';
import { listProjects } from '@/lib/projects/service';

export const metadata: Metadata = { title: 'People' };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePageUser(COORDINATING_ROLES);
  const search = await searchParams;
  const filter = peopleFilterSchema.parse({ role: one(search.role), specialty: one(search.specialty), status: one(search.status), q: one(search.q) });
  const [people, invitations, projects] = await Promise.all([listPeople({ actor: user, filter }), listInvitations(user), listProjects(user)]);
  const inviteInto = projects.find((p) => p.id === one(search.invite))?.id;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">People</h1>
      <Card title="Invite someone">
        <InviteForm roles={invitableRoles(user)} projects={projects.map((p) => ({ id: p.id, name: p.name }))} projectId={inviteInto} />
      </Card>
      <Card title={`People (${people.length})`}>
        <div className="space-y-4">
          <PeopleFilterForm filter={filter} />
          <PeopleTable people={people} />
        </div>
      </Card>
      <Card title="Invitations and reset links">
        <InvitationsTable invitations={invitations} />
      </Card>
    </div>
  );
}
