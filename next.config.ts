import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Uploads of a full NOHARM study (100 rubric files) stay well under this.
  experimental: { serverActions: { bodySizeLimit: '20mb' } },
  serverExternalPackages: ['@node-rs/argon2', 'pg'],
};

export default nextConfig;
