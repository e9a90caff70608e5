/**
 * Opens the storage panel's column view of one SSTable: asks the server holding that replica for
 * its `sstableDetail` (on demand; it is not part of the polled snapshot) and stores the answer.
 */
import { beginColumnView, finishColumnView, useStorageStore, type SstableRef } from '../state/storageStore';
import { sstableDetail } from './playground';

/** Opens (or refreshes) the column view of `ref`; resolves when the server has answered. */
export async function openColumnView(ref: SstableRef, title: string): Promise<void> {
  const open = useStorageStore.getState().columnView;
  const same = open && open.tenantId === ref.tenantId && open.tabletId === ref.tabletId && open.serverId === ref.serverId && open.type === ref.type;
  if (same) useStorageStore.setState({ columnView: { ...open, loading: true, error: undefined } });
  else beginColumnView(ref, title);
  try {
    const detail = await sstableDetail(ref.serverId, ref.tenantId, ref.tabletId, ref.type);
    finishColumnView(ref, { detail, error: undefined });
  } catch (e) {
    finishColumnView(ref, { detail: undefined, error: e instanceof Error ? e.message : String(e) });
  }
}
