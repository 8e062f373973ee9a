/** Names of the cookies the web app uses. */
export const SESSION_COOKIE = 'hedgerow_session';
/** Readable by the web app's JavaScript, which echoes it in the `X-CSRFToken` header (Django's names). */
export const CSRF_COOKIE = 'csrftoken';
export const CSRF_HEADER = 'x-csrftoken';
