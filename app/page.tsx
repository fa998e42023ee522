import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/session';
import { homePathFor } from '@/lib/auth/roles';

export default async function Home() {
  const user = await getSessionUser();
  redirect(user ? homePathFor(user.role) : '/login');
}
