import Link from 'next/link';
import { LocalTime } from '@/components/ui/local-time';
import { ActionButton } from '@/components/people/action-button';
import { ROLE_LABEL } from '@/components/people/fields';
import { StatusBadges } from '@/components/people/people-table';
import { removeMemberAction } from '@/lib/people/actions';
import type { MemberRow } from '@/lib/people/membership';

/** A project's members; removing a physician gives their open cases here to others. */
export function MembersTable({ projectId, members, canRemoveAdmins }: { projectId: string; members: MemberRow[]; canRemoveAdmins: boolean }) {
  if (members.length === 0) return <p className="text-sm text-slate-600">No members yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="members-table">
        <thead className="border-b border-slate-200 text-slate-700">
          <tr>
            <th scope="col" className="py-2 pr-4">Name</th>
            <th scope="col" className="py-2 pr-4">Role</th>
            <th scope="col" className="py-2 pr-4">Specialties</th>
            <th scope="col" className="py-2 pr-4">Open cases here</th>
            <th scope="col" className="py-2 pr-4">Member since</th>
            <th scope="col" className="py-2 pr-4"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((m) => (
            <tr key={m.id} data-testid={`member-${m.email}`}>
              <td className="py-2 pr-4">
                <Link href={`/people/${m.id}`} className="font-medium text-sky-800 hover:underline">{m.name}</Link>
                {' '}<StatusBadges isActive={m.isActive} isDemo={false} isSimulated={m.isSimulated} />
                <span className="block break-all text-xs text-slate-600">{m.email}</span>
              </td>
              <td className="py-2 pr-4">{ROLE_LABEL[m.role]}</td>
              <td className="py-2 pr-4">{m.specialties.join(', ') || '—'}</td>
              <td className="py-2 pr-4">{m.openAssignments}</td>
              <td className="py-2 pr-4"><LocalTime iso={m.addedAt} style="date" /></td>
              <td className="py-2 pr-4">
                {m.role !== 'ADMIN' || canRemoveAdmins ? (
                  <ActionButton
                    id={`remove-${m.id}`}
                    action={removeMemberAction}
                    fields={{ projectId, userId: m.id }}
                    label="Remove"
                    confirm={m.openAssignments ? `Remove ${m.name}? Their ${m.openAssignments} open case(s) here go to other physicians.` : `Remove ${m.name} from the project?`}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
