/**
 * The OBKV-HBase service of one OBServer: placeholder until the model layer lands.
 */
import type { KvServiceHost } from '../table/kv_tx';

export function registerHBaseService(_host: KvServiceHost): void {}
