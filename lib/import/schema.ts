// The upload's limits live in lib/import/limits.ts and its checks in parse-rubrics.ts (shared with the CLI).
export { IMPORT_LIMITS } from '@/lib/import/limits';
