import type { Generated } from 'kysely';
import type { AuditAction, Role } from '@keyway/shared';

/**
 * Table shapes for Kysely. Only portable column types: text, integer; timestamps are
 * ISO-8601 UTC text (they sort correctly as text in SQLite and PostgreSQL alike).
 */
export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  created_at: string;
  /** Raised at sign-out, disable, role change and password reset: cookies carrying an older value are refused. */
  session_version: Generated<number>;
  /** Set while the account is disabled. */
  disabled_at: string | null;
  last_sign_in_at: string | null;
}

export interface AuditEventsTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: AuditAction;
  outcome: 'success' | 'failure';
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  ip: string | null;
  /** JSON object of non-secret specifics. */
  details: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  /** The visible start of the key ("kw_7hq2mxa4"), unique: a presented key is looked up by it. */
  prefix: string;
  /** SHA-256 of the whole key, hex; the key itself is never stored. */
  hash: string;
  role: Role;
  created_at: string;
  /** The administrator's email, or "keyway api-key (CLI)". */
  created_by: string;
  /** null: never expires. */
  expires_at: string | null;
  /** Written at most once a minute while the key is used. */
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface FoldersTable {
  id: string;
  name: string;
  title: string;
  created_at: string;
}

export interface DataSourcesTable {
  id: string;
  folder_id: string;
  name: string;
  title: string;
  description: string;
  service_type: 'restful';
  /** 'none' for a connection made through the API without a description. */
  swagger_source: 'file' | 'url' | 'none';
  swagger_url: string;
  swagger_file_name: string;
  swagger_document: string;
  swagger_format: string;
  api_title: string;
  api_version: string;
  operation_count: number;
  scheme: 'http' | 'https';
  host: string;
  base_path: string;
  auth_type: 'none' | 'basic' | 'api_key' | 'oauth2' | 'salesforce_login';
  /** JSON of the non-secret authentication settings. */
  auth_config: string;
  /** 1 or 0; null until the first test. */
  last_test_ok: number | null;
  last_tested_at: string | null;
  last_test_message: string | null;
  created_at: string;
  updated_at: string;
  /** Raised by every change, from the console or the API; the etag is made from it. */
  version: Generated<number>;
  /** "user:<id>" or "api_key:<id>"; null for rows made before the API. */
  created_by: string | null;
  updated_by: string | null;
  /** The connection spec a connection was made with ('salesforce'); null: the RESTful spec. */
  connection_spec: string | null;
  /** JSON of a spec's params that have no column of their own. */
  spec_params: Generated<string>;
}

/** Every secret the console holds, encrypted; owner_id is the record it belongs to. */
export interface SecretsTable {
  owner_id: string;
  name: string;
  key_id: string;
  nonce: string;
  ciphertext: string;
  /** Goes up on every write, so caches keyed on it notice a rotated secret. */
  version: number;
  updated_at: string;
}

export type HealthStateColumn = 'initializing' | 'enabled' | 'degraded' | 'failing' | 'disabled';

export interface DataSourceHealthTable {
  data_source_id: string;
  state: HealthStateColumn;
  state_reason: string;
  state_changed_at: string;
  interval_seconds: number;
  last_check_at: string | null;
  last_success_at: string | null;
  /** JSON of the last failure (HealthError), null after a healthy check. */
  last_error: string | null;
  consecutive_failures: number;
  /** JSON array of the last checks' times in ms (null: no answer), oldest first. */
  recent_latency: Generated<string>;
}

export interface HealthChecksTable {
  id: string;
  data_source_id: string;
  started_at: string;
  outcome: 'enabled' | 'degraded' | 'failing';
  http_status: number | null;
  oauth_error: string | null;
  token_ms: number | null;
  api_ms: number | null;
  total_ms: number;
  message: string;
}

export interface HealthHourlyTable {
  data_source_id: string;
  /** ISO time of the hour's start. */
  hour: string;
  checks: number;
  healthy: number;
  degraded: number;
  failing: number;
  /** Checks per latency bucket (LATENCY_BUCKETS_MS): percentiles over long ranges from one row an hour. */
  b0: Generated<number>; b1: Generated<number>; b2: Generated<number>; b3: Generated<number>; b4: Generated<number>;
  b5: Generated<number>; b6: Generated<number>; b7: Generated<number>; b8: Generated<number>; b9: Generated<number>;
  b10: Generated<number>; b11: Generated<number>; b12: Generated<number>; b13: Generated<number>; b14: Generated<number>;
  b15: Generated<number>; b16: Generated<number>; b17: Generated<number>; b18: Generated<number>; b19: Generated<number>;
}

export interface HealthEventsTable {
  id: string;
  data_source_id: string;
  at: string;
  from_state: HealthStateColumn | null;
  to_state: HealthStateColumn;
  reason: string;
}

export interface Database {
  data_source_health: DataSourceHealthTable;
  health_checks: HealthChecksTable;
  health_hourly: HealthHourlyTable;
  health_events: HealthEventsTable;
  users: UsersTable;
  audit_events: AuditEventsTable;
  api_keys: ApiKeysTable;
  folders: FoldersTable;
  data_sources: DataSourcesTable;
  secrets: SecretsTable;
}
