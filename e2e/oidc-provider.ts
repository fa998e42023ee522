import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Provider } from 'oidc-provider';

/** What the provider says about one of its accounts (its UserInfo answer for the email scope). */
export type IdpAccount = { email: string; email_verified: boolean; name?: string };

export type TestIdp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The accounts by login (the `sub`): set them before a sign-in uses them. */
  accounts: Map<string, IdpAccount>;
  /** Register the app's callback (its port is known only once it runs) and start answering. */
  serve(redirectUri: string): void;
  stop(): Promise<void>;
};

/**
 * A real OpenID Provider (panva's oidc-provider, the certified implementation) on a free port of
 * 127.0.0.1, with its development sign-in pages: any login is accepted and becomes the account id
 * (`sub`), then a consent page. The socket listens at once, so the issuer URL can go into the app's
 * environment before the app starts; the provider itself is built by `serve`, with the app's
 * callback as the one client's redirect URI.
 */
export async function startTestIdp(): Promise<TestIdp> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end('not serving yet');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'primum-e2e';
  const clientSecret = randomBytes(24).toString('base64url');
  const accounts = new Map<string, IdpAccount>();

  const serve = (redirectUri: string) => {
    const provider = new Provider(issuer, {
      clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      async findAccount(_ctx, sub) {
        const account = accounts.get(sub);
        return account ? { accountId: sub, claims: async () => ({ sub, ...account }) } : undefined;
      },
      // Keep the default behaviour that matters: PKCE required (Auth.js sends S256).
      pkce: { required: () => true },
    });
    handler = provider.callback();
  };

  const stop = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return { issuer, clientId, clientSecret, accounts, serve, stop };
}
