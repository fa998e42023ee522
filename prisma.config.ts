import { defineConfig } from 'prisma/config';
import { MigrationAdapterFactory } from './lib/db/migration-adapter';

// The WASM schema engine (engine: 'js') runs migrations through a driver adapter, so no native
// engine binary has to be downloaded. See docs in ../shared/docs/STACK.md ("Prisma 6.19.3").
// The schema's `url = env("DATABASE_URL")` must resolve even where no database is involved
// (`prisma generate` at install time); otherwise the CLI falls back to downloading a native engine.
process.env.DATABASE_URL ??= 'postgresql://localhost:5432/primum';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new MigrationAdapterFactory(process.env.DATABASE_URL ?? ''),
});
