import 'server-only';
import type { z } from 'zod';
import { requireUser } from '@/lib/auth/session';
import type { Role, SessionUser } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { toAppError } from '@/lib/db';
import { logUnexpectedError } from '@/lib/log/request';

/** What every form action returns; rendered by the form in an accessible error region. */
export type ActionState<T = unknown> = {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string[]>;
  data?: T;
};

/**
 * Wraps a server action in the fixed order: session -> zod -> role check -> handler.
 * AppErrors become messages; anything unexpected is logged and shown generically.
 */
export function safeAction<S extends z.ZodType, T>(
  roles: readonly Role[],
  schema: S,
  handler: (input: z.infer<S>, user: SessionUser) => Promise<ActionState<T>>,
) {
  return async (raw: unknown): Promise<ActionState<T>> => {
    try {
      const user = await requireUser(roles);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const errors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) (errors[issue.path.join('.') || 'form'] ??= []).push(issue.message);
        return { ok: false, message: 'Please correct the highlighted fields.', errors };
      }
      return await handler(parsed.data, user);
    } catch (caught) {
      const error = toAppError(caught);
      if (isAppError(error)) return { ok: false, message: error.message };
      await logUnexpectedError('action', error);
      return { ok: false, message: 'Something went wrong on our side; nothing was changed. Please try again.' };
    }
  };
}
