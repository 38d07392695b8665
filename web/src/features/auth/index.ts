export { SessionGate } from './components/session-gate';
export { useSignOut } from './api/sign-out';
