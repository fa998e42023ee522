-- Failed sign-ins per account and per address (rate-limiter-flexible's PostgreSQL store, shared by
-- every app instance). Created here so the app never needs to create tables; keys are hashes.
CREATE TABLE "sign_in_failures" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,
    CONSTRAINT "sign_in_failures_pkey" PRIMARY KEY ("key")
);
