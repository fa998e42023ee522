import 'server-only';
import { httpStatusOf, isAppError } from '@/lib/errors';

/** Map an error from a route handler to a JSON response; unexpected errors are logged, not shown. */
export function errorResponse(error: unknown): Response {
  if (isAppError(error)) return Response.json({ error: error.code, message: error.message }, { status: httpStatusOf(error) });
  console.error('[api] unexpected error', error);
  return Response.json({ error: 'INTERNAL', message: 'Something went wrong on our side.' }, { status: 500 });
}
