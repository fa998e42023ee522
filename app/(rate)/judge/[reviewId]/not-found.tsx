import Link from 'next/link';

export default function PlanNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-bold">No such plan</h1>
      <p className="text-sm text-slate-700">No plan with this address is waiting for your judgement.</p>
      <Link href="/rate" className="font-medium text-sky-800 hover:underline">Back to my cases</Link>
    </div>
  );
}
