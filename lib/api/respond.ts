import 'server-only';
import { httpStatusOf, isAppError } from '@/lib/errors';
import { logUnexpectedError } from '@/lib/log/request';

/** Map an error from a route handler to a JSON response; unexpected errors are logged (with the request id), not shown. */
export async function errorResponse(error: unknown): Promise<Response> {
  if (isAppError(error)) return Response.json({ error: error.code, message: error.message }, { status: httpStatusOf(error) });
  await logUnexpectedError('api', error, { status: 500 });
  return Response.json({ error: 'INTERNAL', message: 'Something went wrong on our side.' }, { status: 500 });
}
