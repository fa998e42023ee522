import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from '@/lib/security/headers';
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/log/request-id';

/**
 * Every request gets a request id (kept from the reverse proxy when well formed), passed on to the
 * app in the request headers (lib/log reads it) and returned on the response. Page requests also
 * get a fresh CSP nonce (Next adds it to its scripts; see lib/security/headers.ts).
 */
export function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  if (!isPageRequest(request)) {
    const response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

/** Pages get the nonce policy; API answers are JSON (they get the static headers) and prefetches none. */
function isPageRequest(request: NextRequest): boolean {
  if (request.nextUrl.pathname.startsWith('/api/')) return false;
  return !request.headers.has('next-router-prefetch') && request.headers.get('purpose') !== 'prefetch';
}

export const config = {
  // Everything but build assets and static icons (they need neither a nonce nor a request id).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
