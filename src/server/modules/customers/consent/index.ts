import './consent.errors.ts';

export { consentRoutes } from './consent.routes.ts';
export { assertMayContact, type StartChannel } from './start-conversation.service.ts';
export { changeConsents, currentConsent } from './consent.service.ts';
export { contactDecision, CONTACT_WINDOW_DAYS } from './contact-window.ts';
export type { ConsentTables } from './consent.tables.ts';
