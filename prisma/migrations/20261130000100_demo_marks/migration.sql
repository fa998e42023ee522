-- Demo accounts and the demo project are marked, so that they never mix with a real study: demo
-- physicians are assigned only demo cases, and the server stays on 127.0.0.1 while active demo
-- accounts exist (cli/commands/serve.ts).
ALTER TABLE "users" ADD COLUMN "is_demo" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "projects" ADD COLUMN "is_demo" BOOLEAN NOT NULL DEFAULT false;

-- Databases seeded before this migration: the demo logins all use the reserved .test domain, and
-- the demo project holds only fictional cases.
UPDATE "users" SET "is_demo" = true WHERE "email" LIKE '%@demo.primum.test';
UPDATE "projects" p SET "is_demo" = true
WHERE p."slug" = 'demo'
  AND EXISTS (SELECT 1 FROM "cases" c WHERE c."project_id" = p."id")
  AND NOT EXISTS (SELECT 1 FROM "cases" c WHERE c."project_id" = p."id" AND c."presentation" NOT LIKE '[Fictional demo case]%');
