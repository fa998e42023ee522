import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { withRequestHost } from '@/lib/auth/request-host';

// As Next hands it to a route handler: the listening address, the browser's host in the headers.
const request = (headers: Record<string, string>) => new NextRequest('http://localhost:3000/api/auth/callback/oidc?code=abc&state=xyz', { headers });

describe('withRequestHost', () => {
  it('takes the host the proxy forwarded, keeping path and query', () => {
    const seen = withRequestHost(request({ host: 'localhost:3000', 'x-forwarded-host': 'primum.example.org, proxy.internal' }), undefined);
    expect(seen.url).toBe('http://primum.example.org/api/auth/callback/oidc?code=abc&state=xyz');
  });

  it('takes the Host header without a proxy', () => {
    expect(withRequestHost(request({ host: 'primum.example.org:8443' }), undefined).url).toBe('http://primum.example.org:8443/api/auth/callback/oidc?code=abc&state=xyz');
  });

  it('leaves the request alone when AUTH_URL is set or the host is malformed', () => {
    const forwarded = request({ host: 'primum.example.org' });
    expect(withRequestHost(forwarded, 'https://primum.example.org')).toBe(forwarded);
    const odd = request({ host: 'evil.example/path' });
    expect(withRequestHost(odd, undefined)).toBe(odd);
  });
});
