import Link from 'next/link';

export default function CaseNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-bold">This case is not assigned to you</h1>
      <Link href="/rate" className="font-medium text-sky-800 hover:underline">Back to my cases</Link>
    </div>
  );
}
