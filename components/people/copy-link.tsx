'use client';

import { useState } from 'react';
import { LocalTime } from '@/components/ui/local-time';
import type { IssuedLinkView } from '@/lib/invitations/actions';

/** A freshly issued link, shown once: read-only field, copy button, and whether it was mailed. */
export function IssuedLink({ link }: { link: IssuedLinkView }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
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
        <input id="issued-link" data-testid="issued-link" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs" />
        <button type="button" onClick={copy} className="rounded-md bg-white px-3 py-2 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-100">{copied ? 'Copied' : 'Copy'}</button>
      </div>
      <p className="text-sm text-slate-700">
        Works once, until <LocalTime iso={link.expiresAt} />.{' '}
        {link.mailed ? `It was also emailed to ${link.email}.` : link.mailError ?? 'Email is not configured (SMTP_URL): send this link yourself.'}
      </p>
    </div>
  );
}
