import Link from 'next/link';

export default function PersonNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-bold">No such person</h1>
      <Link href="/people" className="font-medium text-sky-800 hover:underline">All people</Link>
    </div>
  );
}
