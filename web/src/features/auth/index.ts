export { SessionGate } from './components/session-gate';
export { useSession, getSessionQueryOptions } from './api/get-session';
export { useSignOut } from './api/sign-out';
