import { localStorageColorSchemeManager } from '@mantine/core';

/** Where the light/dark choice is remembered; index.html reads the same key before the first paint. */
export const COLOR_SCHEME_STORAGE_KEY = 'hedgerow-color-scheme';

export const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_STORAGE_KEY });
