import { lazy } from 'react';

// Each page is fetched on its first visit: the dashboard does not bring the detail page's charts and forms.
export const HealthDashboardPage = lazy(() => import('./components/health-dashboard-page').then((m) => ({ default: m.HealthDashboardPage })));
export const HealthDetailPage = lazy(() => import('./components/health-detail-page').then((m) => ({ default: m.HealthDetailPage })));
