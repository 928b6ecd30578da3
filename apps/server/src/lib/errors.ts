import { ERROR_CATALOG, type ErrorCode, type ErrorDetail } from '@cwp/contracts';

/** A failure the client should see: its code picks the HTTP status and message from the catalog. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: ErrorDetail[],
    message?: string,
  ) {
    super(message ?? ERROR_CATALOG[code].zh);
    this.status = ERROR_CATALOG[code].status;
  }
}

/** A 400 naming one field, the shape the web forms map onto their inputs. */
export function fieldError(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', [{ path, message }]);
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = () => new AppError('FORBIDDEN');
