import { AppHeader } from '@/components/layout/app-header';
import { requirePageUser } from '@/lib/auth/session';
import { canCoordinate, REVIEWING_ROLES } from '@/lib/auth/roles';

export default async function CoordinateLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser(REVIEWING_ROLES);
  return (
    <>
      <AppHeader user={user} nav={[{ href: '/projects', label: 'Projects' }, ...(canCoordinate(user.role) ? [{ href: '/people', label: 'People' }] : [])]} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </>
  );
}
