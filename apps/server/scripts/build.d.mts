/** Bundles the server into dist/cli.js when its sources changed; true when it built. */
export function ensureServerBuilt(options?: { force?: boolean }): Promise<boolean>;
/** Builds the web app into apps/web/dist when its sources changed; true when it built. */
export function ensureWebBuilt(options?: { force?: boolean; log?: (line: string) => void }): Promise<boolean>;
