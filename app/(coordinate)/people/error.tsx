'use client';

export default function PeopleError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="space-y-2">
      <h1 className="text-xl font-bold">Something went wrong loading this page</h1>
      <button type="button" onClick={reset} className="font-medium text-sky-800 underline">Try again</button>
    </div>
  );
}
