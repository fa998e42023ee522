import Link from 'next/link';

export default function EvaluationNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-bold">No such evaluation</h1>
      <p className="text-sm text-slate-700">This project has no evaluation with that identifier.</p>
      <Link href="/projects" className="font-medium text-sky-800 hover:underline">All projects</Link>
    </div>
  );
}
