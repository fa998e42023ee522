import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

/** Any URL no page answers (and notFound() outside a section with its own message). */
export default function RootNotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-3 px-4 py-8">
      <h1 className="text-2xl font-bold">No such page</h1>
      <p className="text-sm text-slate-700">Primum has no page at this address. Check the link, or start from your home page.</p>
      <Link href="/" className="font-medium text-sky-800 hover:underline">Go to my home page</Link>
    </main>
  );
}
