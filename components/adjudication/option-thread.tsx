import { LocalTime } from '@/components/ui/local-time';
import type { OptionThread } from '@/lib/threads/service';
import { ReplyForm } from './reply-form';

/** The option's thread (raters' flags and comments, reviewers' replies) with a reply form. */
export function OptionThreadView({ optionId, thread, testId }: { optionId: string; thread: OptionThread; testId: string }) {
  return (
    <div className="space-y-2" data-testid={testId}>
      {thread.entries.length === 0 ? (
        <p className="text-sm text-slate-600">No flags, comments or replies yet.</p>
      ) : (
        <ol className="space-y-1.5">
          {thread.entries.map((e, i) => (
            <li key={i} className={`border-l-2 pl-2 text-sm ${e.kind === 'reply' ? 'border-emerald-400' : e.kind === 'flag' ? 'border-amber-400' : 'border-sky-300'}`}>
              <p className="text-xs text-slate-600">
                <span className="font-medium text-slate-800">{e.author}</span>
                {e.kind === 'reply' ? (e.to ? ` replied to ${e.to}` : ' (note for reviewers only)') : e.kind === 'flag' ? ' flagged' : ' commented'} · <LocalTime iso={e.at} />
              </p>
              <p className="whitespace-pre-line">{e.body}</p>
            </li>
          ))}
        </ol>
      )}
      <ReplyForm optionId={optionId} raters={thread.raters} roster={thread.roster} />
    </div>
  );
}
