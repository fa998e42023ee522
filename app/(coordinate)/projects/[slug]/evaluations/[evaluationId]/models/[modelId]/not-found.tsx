import Link from 'next/link';

export default function EvaluatedModelNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-bold">No such model in this evaluation</h1>
      <p className="text-sm text-slate-700">The evaluation did not score a model with that identifier.</p>
      <Link href="/projects" className="font-medium text-sky-800 hover:underline">All projects</Link>
    </div>
  );
}
