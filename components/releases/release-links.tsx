'use client';

import { useActionState, useState } from 'react';
import { createLinkAction, revokeLinkAction } from '@/lib/releases/actions';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { LocalTime } from '@/components/ui/local-time';
import type { ReleaseLinkRow } from '@/lib/releases/queries';

/** Public links for reviewers: create one (shown once, with a copy button), list them, revoke. */
export function ReleaseLinks({ releaseId, path, links }: { releaseId: string; path: string; links: ReleaseLinkRow[] }) {
  const [created, create, creating] = useActionState(createLinkAction, {});
  const [revoked, revoke, revoking] = useActionState(revokeLinkAction, {});
  const [copied, setCopied] = useState(false);
  const url = created.data ? `${typeof window === 'undefined' ? '' : window.location.origin}${created.data.path}` : null;
  return (
    <div className="space-y-3 text-sm">
      <p className="text-slate-700">Anyone with a public link sees this release&apos;s summary and downloads its archive without an account. Revoke it when the review is over.</p>
      <form action={create}>
        <input type="hidden" name="releaseId" value={releaseId} />
        <input type="hidden" name="path" value={path} />
        <Button type="submit" variant="secondary" disabled={creating}>Create a public link</Button>
      </form>
      {url ? (
        <div className="flex gap-2">
          <label htmlFor="public-link" className="sr-only">Public link (shown only now)</label>
          <input id="public-link" data-testid="public-link" readOnly value={url} onFocus={(e) => e.currentTarget.select()} className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs" />
          <button
            type="button"
            onClick={() => navigator.clipboard.writeText(url).then(() => setCopied(true), () => setCopied(false))}
            className="rounded-md bg-white px-3 py-2 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-100"
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      ) : null}
      <FormMessage id="link-message" message={created.message} tone={created.ok ? 'success' : 'error'} />
      {links.length > 0 ? (
        <ul className="divide-y divide-slate-100" data-testid="release-links">
          {links.map((l) => (
            <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
              <span>
                Created <LocalTime iso={l.createdAt} /> by {l.createdBy}
                {l.revokedAt ? (
                  <>
                    {' '}· revoked <LocalTime iso={l.revokedAt} /> by {l.revokedBy}
                  </>
                ) : (
                  ' · active'
                )}
              </span>
              {l.revokedAt ? null : (
                <form action={revoke}>
                  <input type="hidden" name="linkId" value={l.id} />
                  <input type="hidden" name="path" value={path} />
                  <Button type="submit" variant="danger" disabled={revoking}>Revoke</Button>
                </form>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <FormMessage id="revoke-message" message={revoked.message} tone={revoked.ok ? 'success' : 'error'} />
    </div>
  );
}
