/**
 * HASH JOIN / HASH LEFT OUTER JOIN / HASH SEMI JOIN / HASH ANTI JOIN (OceanBase's `ObHashJoinOp`).
 *
 * Inner and left outer joins build the hash table from the left child (OceanBase builds on the
 * left input) and probe it with the right child's batches; a left outer join then emits the left
 * rows that never matched, padded with NULLs. Semi and anti joins (from IN / EXISTS rewrites)
 * build on the right and stream the left, emitting each left row at most once. NULL keys never
 * match. Output rows are `left ++ right` (semi/anti: left only).
 */
import type { JoinNode } from '../plan/plan';
import { layoutOf } from '../plan/plan';
import { BatchBuffer, type Batch, type ExecEnv, type Operator, type Row } from './operator';
import { joinPieces, nullRow, type JoinPieces } from './join_common';

export class HashJoinOp implements Operator {
  readonly layout: number[];
  private readonly p: JoinPieces;
  private table: Map<string | number, Row[]> | null = null;
  private matched: Set<Row> | null = null;
  private readonly out = new BatchBuffer();
  private probeDone = false;
  private tail: Row[] | null = null;

  constructor(
    private readonly node: JoinNode,
    private readonly left: Operator,
    private readonly right: Operator,
    env: ExecEnv,
  ) {
    this.layout = layoutOf(node);
    this.p = joinPieces(node, left.layout, right.layout, this.layout, env);
  }

  private async build(side: Operator, key: (row: Row) => string | number | null): Promise<Map<string | number, Row[]>> {
    const table = new Map<string | number, Row[]>();
    for (let b = await side.next(); b !== null; b = await side.next()) {
      for (const row of b) {
        const k = key(row);
        if (k === null) {
          if (this.node.joinType === 'left') this.unmatchedNullKey.push(row);
          continue;
        }
        const list = table.get(k);
        if (list) list.push(row);
        else table.set(k, [row]);
      }
    }
    return table;
  }

  private unmatchedNullKey: Row[] = [];

  private emit(row: Row): void {
    if (this.p.filter === null || this.p.filter(row)) this.out.push(row);
  }

  async next(): Promise<Batch | null> {
    const semiLike = this.node.joinType === 'semi' || this.node.joinType === 'anti';
    if (this.table === null) {
      this.table = semiLike ? await this.build(this.right, this.p.rightKey) : await this.build(this.left, this.p.leftKey);
      if (this.node.joinType === 'left') this.matched = new Set();
    }
    while (!this.out.full() && !this.probeDone) {
      const probe = semiLike ? this.left : this.right;
      const b = await probe.next();
      if (b === null) {
        this.probeDone = true;
        break;
      }
      if (semiLike) this.probeSemi(b);
      else this.probeInner(b);
    }
    if (this.probeDone && this.node.joinType === 'left' && this.tail === null) this.emitUnmatched();
    return this.out.take();
  }

  private probeInner(b: Batch): void {
    const { rightKey, other } = this.p;
    const table = this.table!;
    for (const r of b) {
      const k = rightKey(r);
      if (k === null) continue;
      const list = table.get(k);
      if (!list) continue;
      for (const l of list) {
        const row = l.concat(r);
        if (other !== null && !other(row)) continue;
        this.matched?.add(l);
        this.emit(row);
      }
    }
  }

  private probeSemi(b: Batch): void {
    const { leftKey, other } = this.p;
    const table = this.table!;
    const anti = this.node.joinType === 'anti';
    for (const l of b) {
      const k = leftKey(l);
      const list = k === null ? undefined : table.get(k);
      let hit = false;
      if (list) hit = other === null || list.some((r) => other(l.concat(r)));
      if (hit !== anti) this.emit(l);
    }
  }

  private emitUnmatched(): void {
    const pad = nullRow(this.p.rightWidth);
    this.tail = [];
    for (const list of this.table!.values()) for (const l of list) if (!this.matched!.has(l)) this.emit(l.concat(pad));
    for (const l of this.unmatchedNullKey) this.emit(l.concat(pad));
  }

  close(): void {
    this.left.close();
    this.right.close();
  }
}
