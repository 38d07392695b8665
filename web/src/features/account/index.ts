export { AccountMenu } from './components/account-menu';
export { useSignOut } from './api/sign-out';
