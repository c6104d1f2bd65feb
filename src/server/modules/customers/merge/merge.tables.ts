import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** What the customers share that makes them a suggested pair (see migrations/0018_customer_merges.sql). */
export type MatchReason = 'phone' | 'email' | 'platform';

/**
 * Exactly what one merge moved, by id, so an undo moves back that and nothing created since.
 * filled: the survivor's fields the merge filled from the merged record (field → value put there).
 */
export type MergeMoved = {
  identities: string[];
  visitors: string[];
  conversations: string[];
  orders: string[];
  pointsEntries: string[];
  events: string[];
  /** How many of the events are notes (customer.note). */
  notes: number;
  tierChanges: string[];
  consents: string[];
  visits: string[];
  /** The merged record's scheduled return visit, cancelled because the survivor has one. */
  cancelledVisits: string[];
  /** Opt-outs written on the survivor so that a channel either record had left stays left. */
  addedConsents: string[];
  keyAccountMoved: boolean;
  filled: Record<string, unknown>;
  /** The survivor's values of the filled fields before the merge. */
  before: Record<string, unknown>;
  addedTags: string[];
  addedAttributes: Record<string, unknown>;
  tierBefore: string;
  tierAfter: string;
  pointsMoved: number;
  /** The merged record as it was, for the history and the audit. */
  mergedRecord: { name: string | null; nickname: string | null; phone: string | null; email: string | null; tier: string; lifetimeSpend: string; orderCount: number };
};

export type CustomerMergesTable = {
  id: string;
  account_id: string;
  survivor_id: string;
  merged_id: string;
  reasons: ColumnType<string[], string[] | undefined, string[]>;
  actor_id: string | null;
  actor_name: string | null;
  moved: ColumnType<MergeMoved, string, string>;
  created_at: Timestamp;
  undone_at: NullableTimestamp;
  undone_by: string | null;
  undone_by_name: string | null;
};

export type CustomerDuplicateDismissalsTable = {
  account_id: string;
  customer_a: string;
  customer_b: string;
  dismissed_by: string | null;
  created_at: Timestamp;
};

export type CustomerDuplicateCandidatesTable = {
  account_id: string;
  customer_a: string;
  customer_b: string;
  reasons: string[];
  keys: string[];
  score: number;
};

export type CustomerDuplicateScansTable = {
  account_id: string;
  scanned_at: NullableTimestamp;
  pairs: ColumnType<number, number | undefined, number>;
  duration_ms: ColumnType<number, number | undefined, number>;
};

export type MergeTables = {
  customer_duplicate_candidates: CustomerDuplicateCandidatesTable;
  customer_duplicate_scans: CustomerDuplicateScansTable;
  customer_merges: CustomerMergesTable;
  customer_duplicate_dismissals: CustomerDuplicateDismissalsTable;
  customers: { merged_into: ColumnType<string | null, string | null | undefined, string | null>; merged_at: NullableTimestamp };
};
