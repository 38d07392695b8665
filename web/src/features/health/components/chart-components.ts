// recharts and Mantine's charts, about 110 kB gzipped: only the data source health page draws them,
// and loads them from here when it does (latency-chart.tsx).
import '@mantine/charts/styles.layer.css';

export { AreaChart, LineChart } from '@mantine/charts';
