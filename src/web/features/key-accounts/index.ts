export { KeyAccountCard } from './key-account-card';
export { KeyAccountsPage } from './key-accounts-page';
