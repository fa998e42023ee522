/** The one error type of Primum. Actions, route handlers and the CLI map `code` to a message or status. */
export type AppErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT' | 'INVALID_INPUT' | 'LOCKED' | 'CONFIG' | 'UNAVAILABLE';

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details?: unknown;

  constructor(code: AppErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

const HTTP_STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CONFLICT: 409,
  INVALID_INPUT: 400,
  LOCKED: 423,
  CONFIG: 500,
  UNAVAILABLE: 503,
};

export function httpStatusOf(error: AppError): number {
  return HTTP_STATUS[error.code];
}
