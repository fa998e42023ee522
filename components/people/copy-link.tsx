'use client';

import { useState } from 'react';
import { LocalTime } from '@/components/ui/local-time';
import type { IssuedLinkView } from '@/lib/invitations/actions';

/** A freshly issued link, shown once: read-only field, copy button, and whether it was mailed; or, for a mailed reset link, only where it went. */
export function IssuedLink({ link }: { link: IssuedLinkView }) {
  const [copied, setCopied] = useState(false);
  if (link.url === null) {
    // Mailed and deliberately not shown: only the person it is for ever sees the link.
    return (
      <div className="space-y-1 rounded-md bg-emerald-50 p-3 ring-1 ring-emerald-200" data-testid="issued-link-mailed">
        <p className="text-sm font-medium text-slate-900">{link.kind === 'INVITE' ? 'Invitation link' : 'Password-reset link'} sent to {link.email}</p>
        <p className="text-sm text-slate-700">Works once, until <LocalTime iso={link.expiresAt} />. It is not shown here: only {link.email} can open it.</p>
      </div>
    );
  }
  const url = link.url;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="space-y-2 rounded-md bg-emerald-50 p-3 ring-1 ring-emerald-200">
      <label htmlFor="issued-link" className="block text-sm font-medium text-slate-900">
        {link.kind === 'INVITE' ? 'Invitation link' : 'Password-reset link'} for {link.email} (shown only now)
      </label>
      <div className="flex gap-2">
        <input id="issued-link" data-testid="issued-link" readOnly value={url} onFocus={(e) => e.currentTarget.select()} className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs" />
        <button type="button" onClick={copy} className="rounded-md bg-white px-3 py-2 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-100">{copied ? 'Copied' : 'Copy'}</button>
      </div>
      <p className="text-sm text-slate-700">
        Works once, until <LocalTime iso={link.expiresAt} />.{' '}
        {link.mailed ? `It was also emailed to ${link.email}.` : link.mailError ?? 'Email is not configured (SMTP_URL): send this link yourself.'}
      </p>
    </div>
  );
}
