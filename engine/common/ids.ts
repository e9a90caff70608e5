/**
 * Branded identifiers (conventions §15): a TenantId can never be passed where an LsId is expected.
 *
 * OceanBase's id conventions (reference §1.1, §2.2, §2.3):
 * - tenants: sys = 1, meta tenant = user tenant − 1 (1001), user tenants even from 1002;
 * - log streams: LS 1 is the system LS of every tenant, user LSs from 1001;
 * - tablets: user tablets from 200001; tables: user table ids from 500001;
 * - servers: `DBA_OB_SERVERS.ID` 1, 2, 3, …
 * - SCN: a 64-bit "system change number", shown as a 19-digit nanosecond-like integer; kept as
 *   a bigint so it never loses precision.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type TenantId = Brand<number, 'TenantId'>;
export type LsId = Brand<number, 'LsId'>;
export type TabletId = Brand<number, 'TabletId'>;
export type TableId = Brand<number, 'TableId'>;
export type ServerId = Brand<number, 'ServerId'>;
export type TxId = Brand<number, 'TxId'>;
export type SessionId = Brand<number, 'SessionId'>;
/** System change number, ns-like, 64-bit. */
export type Scn = Brand<bigint, 'Scn'>;
/** Log sequence number inside one PALF log: the 1-based index of an entry. */
export type Lsn = Brand<number, 'Lsn'>;

export const tenantId = (n: number) => n as TenantId;
export const lsId = (n: number) => n as LsId;
export const tabletId = (n: number) => n as TabletId;
export const tableId = (n: number) => n as TableId;
export const serverId = (n: number) => n as ServerId;
export const txId = (n: number) => n as TxId;
export const sessionId = (n: number) => n as SessionId;
export const scn = (n: bigint | number) => BigInt(n) as Scn;
export const lsn = (n: number) => n as Lsn;

export const SYS_TENANT_ID = tenantId(1);
export const SYS_LS_ID = lsId(1);
export const FIRST_USER_LS_ID = lsId(1001);
export const FIRST_USER_TABLET_ID = tabletId(200001);
export const FIRST_USER_TABLE_ID = tableId(500001);
/** `SCN::min_scn()`: below every real version. */
export const SCN_MIN = scn(0n);
/** `SCN::max_scn()`, shown as 4611686018427387903 in views (reference §3.6). */
export const SCN_MAX = scn(4611686018427387903n);

/** The meta tenant of user tenant `t` has id t − 1 (reference §1.1). */
export function metaTenantOf(user: TenantId): TenantId {
  return tenantId(user - 1);
}
