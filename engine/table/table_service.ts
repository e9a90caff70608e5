/**
 * The OBKV-Table service of one OBServer (OceanBase's `ObTableService`): placeholder until the
 * model layer lands.
 */
import type { KvServiceHost } from './kv_tx';

export function registerTableService(_host: KvServiceHost): void {}
