import './privacy.errors.ts';

export { privacyRoutes } from './privacy.routes.ts';
export { ERASED_MARKER } from './privacy.service.ts';
export type { PrivacyTables } from './privacy.tables.ts';
export { contactsIn, noteContactsShown, withContactsNoted, type ShownContact } from './contact-views.ts';
