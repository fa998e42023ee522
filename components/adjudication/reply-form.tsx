'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { replyInThread } from '@/lib/threads/actions';

/** Answer one rater (they see it beside their comment) or leave a note only reviewers see. */
export function ReplyForm({ optionId, raters, roster }: { optionId: string; raters: Array<{ index: number; label: string }>; roster: string }) {
  const router = useRouter();
  const id = useId();
  const [to, setTo] = useState(raters.length > 0 ? '0' : 'note');
  const [body, setBody] = useState('');
  const [state, setState] = useState<{ ok?: boolean; message?: string }>({});
  const [pending, startTransition] = useTransition();
  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await replyInThread({ optionId, toRater: to === 'note' ? null : Number(to), roster, body });
      setState({ ok: result.ok, message: result.errors ? Object.values(result.errors).flat().join(' ') : result.message });
      if (result.ok) {
        setBody('');
        router.refresh();
      }
    });
  }
  return (
    <form onSubmit={submit} className="space-y-1.5" aria-label="Reply in the thread">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor={`${id}-to`} className="font-medium">Reply to</label>
        <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)} className="rounded border border-slate-300 px-2 py-1">
          {raters.map((r) => (
            <option key={r.index} value={r.index}>{r.label}</option>
          ))}
          <option value="note">Note for reviewers only (no physician sees it)</option>
        </select>
      </div>
      <label htmlFor={`${id}-body`} className="sr-only">Reply</label>
      <textarea
        id={`${id}-body`}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={2}
        maxLength={4000}
        className="w-full rounded border border-slate-300 px-2 py-1 text-sm"
        placeholder="Your answer to the rater's flag or comment"
        aria-describedby={`${id}-message`}
      />
      <Button type="submit" variant="secondary" disabled={pending || body.trim() === ''}>{pending ? 'Sending…' : 'Send reply'}</Button>
      <FormMessage id={`${id}-message`} message={state.message} tone={state.ok ? 'success' : 'error'} />
    </form>
  );
}
