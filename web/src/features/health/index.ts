export { HealthDashboardPage } from './components/health-dashboard-page';
export { HealthDetailPage } from './components/health-detail-page';
