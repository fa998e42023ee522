import { NextRequest } from 'next/server';

/**
 * The request as the browser addressed it, for Auth.js's route handlers. Next gives route handlers
 * a URL on the address it listens on (e.g. localhost:3000) whatever the Host, while Auth.js builds
 * its URLs in server actions from the X-Forwarded-Host/Host headers (trusted: `trustHost`). An
 * OIDC callback must compute the same redirect URI as the sign-in that started it, or the provider
 * refuses the code. AUTH_URL, when set, wins (next-auth applies it itself).
 */
export function withRequestHost(request: NextRequest, authUrl = process.env.AUTH_URL): NextRequest {
  const host = (request.headers.get('x-forwarded-host') ?? request.headers.get('host'))?.split(',')[0]?.trim();
  if (authUrl || !host || !/^[\w.-]+(:\d+)?$|^\[[\da-f:.]+\](:\d+)?$/i.test(host)) return request;
  const { href, origin, protocol } = request.nextUrl;
  return new NextRequest(href.replace(origin, `${protocol}//${host}`), request);
}
