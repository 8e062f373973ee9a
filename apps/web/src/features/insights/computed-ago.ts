/** "Computed just now", "Computed 1 minute ago", "Computed 3 hours ago" for a computation time. */
export function computedAgo(iso: string, now: number): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds) || seconds < 60) return 'Computed just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `Computed ${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `Computed ${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  return `Computed ${days} day${days === 1 ? '' : 's'} ago`;
}
