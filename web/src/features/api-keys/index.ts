import { lazy } from 'react';

// Fetched on the first visit: the rest of the console does not bring it.
export const ApiKeysPage = lazy(() => import('./components/api-keys-page').then((m) => ({ default: m.ApiKeysPage })));
