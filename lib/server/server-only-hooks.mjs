// Module resolution hook of the production server (lib/server/app-server-entry.mjs): `server-only`
// resolves as under React Server Components (its `react-server` export, an empty module), so the
// lean save handler can load the same data-layer modules as the app. Nothing else changes: Next
// itself must not run with the react-server condition.
export async function resolve(specifier, context, nextResolve) {
  if (specifier !== 'server-only') return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'react-server'] });
}
