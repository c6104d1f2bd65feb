export { DuplicatesPage } from './duplicates-page';
export { MergedNotice, MergeHistoryCard } from './merge-history-card';
