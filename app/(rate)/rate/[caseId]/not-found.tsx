import Link from 'next/link';

export default function CaseNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-bold">No such case</h1>
      <p className="text-sm text-slate-700">No case with this address is assigned to you.</p>
      <Link href="/rate" className="font-medium text-sky-800 hover:underline">Back to my cases</Link>
    </div>
  );
}
