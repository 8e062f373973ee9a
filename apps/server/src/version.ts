/** Hedgerow's version, reported by `/_health` and `hedgerow --version`. */
export const HEDGEROW_VERSION = '0.1.0';
