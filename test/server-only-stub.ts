// 'server-only' throws outside React Server Components; under Vitest the module is plain Node.
export {};
