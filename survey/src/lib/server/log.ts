import { logServerError, type ServerErrorFields } from '@vw/app-shared';

/** One JSON line per server error of the survey (see `@vw/app-shared`'s log for what is left out). */
export function logError(fields: ServerErrorFields): void {
  logServerError('survey', fields);
}
