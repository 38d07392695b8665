import { lazy } from 'react';

// Fetched on the first visit: the rest of the console does not bring it.
export const UsersPage = lazy(() => import('./components/users-page').then((m) => ({ default: m.UsersPage })));
