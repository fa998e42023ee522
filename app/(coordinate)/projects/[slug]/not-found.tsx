import Link from 'next/link';

export default function ProjectNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-bold">No such project</h1>
      <Link href="/projects" className="font-medium text-sky-800 hover:underline">All projects</Link>
    </div>
  );
}
