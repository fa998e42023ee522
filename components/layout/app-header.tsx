import Link from 'next/link';
import { logout } from '@/lib/auth/actions';
import type { SessionUser } from '@/lib/auth/roles';

export function AppHeader({ user, nav }: { user: SessionUser; nav: Array<{ href: string; label: string }> }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
        <nav aria-label="Main" className="flex items-center gap-5">
          <Link href="/" className="text-lg font-bold text-sky-900">Primum</Link>
          {nav.map((item) => (
            <Link key={item.href} href={item.href} className="text-sm font-medium text-slate-700 hover:text-sky-900">{item.label}</Link>
          ))}
        </nav>
        <div className="flex items-center gap-3 text-sm">
          <span className="text-slate-600" data-testid="signed-in-as">{user.name} · {user.role.toLowerCase()}</span>
          <form action={logout}>
            <button type="submit" className="rounded-md px-2 py-1 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100">Sign out</button>
          </form>
        </div>
      </div>
    </header>
  );
}
