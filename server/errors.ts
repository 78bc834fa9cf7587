/**
 * Errors a user can be told about. The id names a message in server/translations/{fr,en}.json;
 * params fill its {placeholders}. Anything that is not an AppError is an internal error: logged,
 * answered with a generic 500 and the request id, never with its details.
 */
export class AppError extends Error {
  constructor(
    readonly id: string,
    readonly params: Record<string, string | number> = {},
    readonly status = 400,
  ) {
    super(id);
    this.name = 'AppError';
  }
}
