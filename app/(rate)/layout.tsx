import { AppHeader } from '@/components/layout/app-header';
import { requirePageUser } from '@/lib/auth/session';
import { RATING_ROLES } from '@/lib/auth/roles';

export default async function RateLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser(RATING_ROLES);
  return (
    <>
      <AppHeader user={user} nav={[{ href: '/rate', label: 'My cases' }]} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </>
  );
}
