'use client';

import { useActionState, useRef, useState } from 'react';
import { uploadRubrics } from '@/lib/import/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionState } from '@/lib/actions/safe-action';
import type { ImportProblem } from '@/lib/import/parse-rubrics';
import { checkUploadSize } from '@/lib/import/limits';

export function ImportForm({ projectId }: { projectId: string }) {
  const [state, action, pending] = useActionState<ActionState<ImportProblem[]>, FormData>(uploadRubrics, {});
  const input = useRef<HTMLInputElement>(null);
  const [names, setNames] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  // Too many or too large files are refused here, before sending (the server checks again, before reading).
  const [tooBig, setTooBig] = useState<ImportProblem[] | null>(null);
  const sync = () => {
    setNames(Array.from(input.current?.files ?? []).map((f) => f.name));
    setTooBig(null);
  };
  const shown: ActionState<ImportProblem[]> = tooBig ? { ok: false, message: `Nothing was imported: ${tooBig.length} problem(s) found.`, data: tooBig } : state;

  return (
    <form
      action={action}
      className="space-y-3"
      onReset={() => setNames([])}
      onSubmit={(event) => {
        const problems = checkUploadSize(Array.from(input.current?.files ?? []));
        setTooBig(problems.length ? problems : null);
        if (problems.length) event.preventDefault();
      }}
    >
      <input type="hidden" name="projectId" value={projectId} />
      <div>
        {/* The real file input stays in the page (keyboard and assistive technology reach it); the label is the visible control and drop zone. */}
        <input
          ref={input}
          id="files"
          name="files"
          type="file"
          accept=".json,application/json"
          multiple
          required
          onChange={sync}
          className="peer sr-only"
          aria-describedby="import-help import-chosen import-message"
        />
        <label
          htmlFor="files"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            if (input.current && e.dataTransfer.files.length > 0) {
              input.current.files = e.dataTransfer.files;
              sync();
            }
          }}
          className={`flex cursor-pointer flex-col items-center gap-1 rounded-lg border-2 border-dashed px-4 py-5 text-center text-sm peer-focus-visible:ring-2 peer-focus-visible:ring-sky-500 peer-focus-visible:ring-offset-2 ${dragging ? 'border-sky-600 bg-sky-50' : 'border-slate-300 hover:border-sky-600'}`}
        >
          <span className="font-medium">NOHARM rubric files (.json, one per case)</span>
          <span className="rounded bg-sky-700 px-3 py-1.5 font-semibold text-white">Choose files</span>
          <span className="text-xs text-slate-600">or drop them here</span>
        </label>
        <div id="import-chosen" className="mt-2 text-sm" aria-live="polite" data-testid="import-chosen">
          {names.length === 0 ? (
            <p className="text-slate-600">No file chosen.</p>
          ) : (
            <>
              <p className="font-medium">{names.length} file{names.length === 1 ? '' : 's'} chosen:</p>
              <ul className="max-h-32 list-disc overflow-y-auto pl-5 font-mono text-xs">
                {names.map((n, i) => <li key={`${i}:${n}`}>{n}</li>)}
              </ul>
            </>
          )}
        </div>
        <p id="import-help" className="mt-1 text-xs text-slate-600">All or nothing: one bad file refuses the whole upload. Cases already here are skipped, never overwritten.</p>
      </div>
      <Button type="submit" disabled={pending}>{pending ? 'Importing…' : 'Import'}</Button>
      <FormMessage id="import-message" message={shown.message} tone={shown.ok ? 'success' : 'error'} />
      {shown.data?.length ? (
        <ul className="list-disc space-y-1 pl-5 text-sm text-rose-800" data-testid="import-problems">
          {shown.data.map((p, index) => (
            <li key={index}><code>{p.file}</code> at <code>{p.path}</code>: {p.message.replace(`${p.file}: ${p.path}: `, '')}</li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
