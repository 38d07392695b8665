import { lazy } from 'react';

// Fetched on the first visit: the rest of the console does not bring it.
export const AuditLogPage = lazy(() => import('./components/audit-log-page').then((m) => ({ default: m.AuditLogPage })));
