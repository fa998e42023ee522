import type { NextConfig } from 'next';
import { HSTS_HEADER, STATIC_SECURITY_HEADERS } from './lib/security/headers';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Uploads of a full NOHARM study (100 rubric files) stay well under this.
  experimental: { serverActions: { bodySizeLimit: '20mb' } },
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'rate-limiter-flexible'],
  async headers() {
    return [
      { source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] },
      { source: '/:path*', has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }], headers: [HSTS_HEADER] },
    ];
  },
};

export default nextConfig;
