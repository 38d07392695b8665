export { SessionGate } from './components/session-gate';
