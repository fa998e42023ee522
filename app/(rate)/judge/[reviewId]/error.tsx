'use client';

export default function JudgeError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="space-y-2">
      <h1 className="text-xl font-bold">Something went wrong loading this plan</h1>
      <p className="text-sm text-slate-600">Your saved verdicts are safe. Try again in a moment.</p>
      <button type="button" onClick={reset} className="font-medium text-sky-800 underline">Try again</button>
    </div>
  );
}
