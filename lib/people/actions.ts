'use server';

import { revalidatePath } from 'next/cache';
import { safeAction, type ActionState } from '@/lib/actions/safe-action';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { addMemberToProject, removeMemberFromProject } from '@/lib/people/membership';
import { memberSchema, setActiveSchema, setRoleSchema } from '@/lib/people/schema';
import { setPersonActive, setPersonRole } from '@/lib/people/service';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const setRole = safeAction(COORDINATING_ROLES, setRoleSchema, async ({ userId, role, specialties }, user) => {
  const result = await setPersonRole({ actor: user, userId, role, specialties });
  revalidatePath(`/people/${userId}`);
  if (!result.changed) return { ok: true, message: 'Nothing changed.' };
  const notes = [result.assigned ? `${plural(result.assigned, 'waiting case')} assigned` : '', result.withdrawn ? `${plural(result.withdrawn, 'open assignment')} given back to the pool` : ''].filter(Boolean);
  return { ok: true, message: `Role and specialties saved${notes.length ? `; ${notes.join('; ')}` : ''}.` };
});

export async function setRoleAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return setRole({ userId: formData.get('userId') ?? '', role: formData.get('role') ?? '', specialties: formData.getAll('specialties') });
}

const setActive = safeAction(COORDINATING_ROLES, setActiveSchema, async ({ userId, isActive }, user) => {
  const result = await setPersonActive({ actor: user, userId, isActive });
  revalidatePath(`/people/${userId}`);
  revalidatePath('/people');
  if (!result.changed) return { ok: true, message: isActive ? 'Already active.' : 'Already inactive.' };
  if (!isActive) return { ok: true, message: `Deactivated: signed out everywhere; ${plural(result.withdrawn, 'open assignment')} given back, ${result.reassigned} re-assigned.` };
  return { ok: true, message: `Reactivated${result.assigned ? `; ${plural(result.assigned, 'waiting case')} assigned` : ''}.` };
});

export async function setActiveAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return setActive({ userId: formData.get('userId') ?? '', isActive: formData.get('isActive') ?? '' });
}

const addMember = safeAction(COORDINATING_ROLES, memberSchema, async ({ projectId, userId }, user) => {
  const result = await addMemberToProject({ actor: user, projectId, userId });
  revalidatePath('/projects/[slug]/people', 'page');
  if (!result.added) return { ok: true, message: `${result.name} is already a member.` };
  return { ok: true, message: `${result.name} added${result.assigned ? `; ${plural(result.assigned, 'assignment')} made` : ''}.` };
});

export async function addMemberAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return addMember({ projectId: formData.get('projectId') ?? '', userId: formData.get('userId') ?? '' });
}

const removeMember = safeAction(COORDINATING_ROLES, memberSchema, async ({ projectId, userId }, user) => {
  const result = await removeMemberFromProject({ actor: user, projectId, userId });
  revalidatePath('/projects/[slug]/people', 'page');
  return { ok: true, message: `${result.name} removed${result.withdrawn ? `; ${plural(result.withdrawn, 'open assignment')} given back, ${result.reassigned} re-assigned` : ''}.` };
});

export async function removeMemberAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return removeMember({ projectId: formData.get('projectId') ?? '', userId: formData.get('userId') ?? '' });
}
