import type { NextConfig } from 'next';
import { HSTS_HEADER, STATIC_SECURITY_HEADERS } from './lib/security/headers';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // lib/import/limits.ts allows 20 MB of files per upload; the extra MB is the multipart framing, so the
  // precise refusal (file, size, limit) comes from the app, not a bare 413 from Next.
  experimental: { serverActions: { bodySizeLimit: '21mb' } },
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'rate-limiter-flexible'],
  async headers() {
    return [
      { source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] },
      { source: '/:path*', has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }], headers: [HSTS_HEADER] },
    ];
  },
};

export default nextConfig;
