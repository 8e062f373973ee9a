/**
 * Where to go after logging in: the `next` path if it is a path on this site (not `//evil.example`,
 * not a full URL, not the login or sign-up page itself), otherwise the project home.
 */
export function safeRedirectPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Browsers drop tabs and newlines from URLs, which would turn "/\t/evil.example" into "//evil.example".
  if (/\p{Cc}/u.test(next)) return '/';
  const pathname = next.split(/[?#]/)[0] ?? '';
  if (pathname === '/login' || pathname === '/signup') return '/';
  return next;
}
