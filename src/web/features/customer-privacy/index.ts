export { ConsentCard } from './consent-card';
export { PrivacyActions } from './privacy-actions';
