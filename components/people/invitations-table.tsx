import { LocalTime } from '@/components/ui/local-time';
import { ActionButton } from '@/components/people/action-button';
import { ROLE_LABEL } from '@/components/people/fields';
import { revokeInvitationAction } from '@/lib/invitations/actions';
import type { InvitationRow, LinkStatus } from '@/lib/invitations/service';

const STATUS_STYLE: Record<LinkStatus, string> = {
  pending: 'bg-sky-100 text-sky-900',
  used: 'bg-emerald-100 text-emerald-900',
  expired: 'bg-slate-200 text-slate-800',
  revoked: 'bg-rose-100 text-rose-900',
};

/** Invitations and reset links with their state; pending ones can be withdrawn. */
export function InvitationsTable({ invitations }: { invitations: InvitationRow[] }) {
  if (invitations.length === 0) return <p className="text-sm text-slate-600">No invitation or reset link yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="invitations-table">
        <thead className="border-b border-slate-200 text-slate-700">
          <tr>
            <th scope="col" className="py-2 pr-4">Email</th>
            <th scope="col" className="py-2 pr-4">Kind</th>
            <th scope="col" className="py-2 pr-4">Role · project</th>
            <th scope="col" className="py-2 pr-4">Issued by</th>
            <th scope="col" className="py-2 pr-4">State</th>
            <th scope="col" className="py-2 pr-4"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {invitations.map((i) => (
            <tr key={i.id} data-testid={`invitation-${i.email}`}>
              <td className="py-2 pr-4 break-all">{i.email}</td>
              <td className="py-2 pr-4">{i.kind === 'INVITE' ? 'invitation' : 'password reset'}</td>
              <td className="py-2 pr-4">{ROLE_LABEL[i.role]}{i.specialties.length ? ` (${i.specialties.join(', ')})` : ''}{i.projectName ? ` · ${i.projectName}` : ''}</td>
              <td className="py-2 pr-4">{i.inviterName ?? '—'}, <LocalTime iso={i.createdAt} style="date" /></td>
              <td className="py-2 pr-4">
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[i.status]}`}>{i.status}</span>{' '}
                <span className="text-xs text-slate-600">
                  {i.status === 'used' && i.usedAt ? <LocalTime iso={i.usedAt} /> : i.status === 'revoked' && i.revokedAt ? <LocalTime iso={i.revokedAt} /> : <>{i.status === 'expired' ? 'expired ' : 'until '}<LocalTime iso={i.expiresAt} /></>}
                </span>
              </td>
              <td className="py-2 pr-4">
                {i.status === 'pending' ? <ActionButton id={`revoke-${i.id}`} action={revokeInvitationAction} fields={{ invitationId: i.id }} label="Withdraw" confirm={`Withdraw the link for ${i.email}? It will stop working.`} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
