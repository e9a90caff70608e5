/**
 * ALTER TABLE (MySQL mode, OceanBase's `alter_table_stmt`; reference §4.8–4.10):
 *
 *   ALTER TABLE t action [, action]...
 *   action: ADD COLUMN GROUP (all columns, each column)      -- row/column/hybrid store
 *         | DROP COLUMN GROUP (all columns, each column)
 *         | [SET] option [=] value [option [=] value]...     -- COMPRESSION, BLOCK_SIZE, ...
 *         | MODIFY [COLUMN] c <type> [attributes]            -- e.g. SKIP_INDEX(MIN_MAX, SUM)
 *         | REMOVE TTL                                       -- issue #5: no longer a TTL table
 *   options include KV_ATTRIBUTES = '{...}', TTL(col + INTERVAL n unit) and TABLEGROUP = tg.
 *
 * Every other action OceanBase has (ADD COLUMN, DROP INDEX, CHANGE, RENAME, PARTITION ...)
 * answers ERROR 1235 `ALTER TABLE <action> not supported` from its leading words, never a
 * misleading 1064; words that start no action at all are 1064 as usual.
 *
 * The parser records what was written; the resolver (sql/ddl/alter_table.ts) validates option
 * values and column definitions against the table.
 */
import type { AlterTable, AlterTableAction, TableOptionAst } from '../ast';
import { DdlParser } from './ddl_parser';
import { Comma, IdentCat, K, LParen, ReservedCat, isWord } from './lexer';

/** Leading words (unquoted, upper case) of the ALTER TABLE actions the playground refuses with 1235. */
const REFUSED_ACTION_WORDS: ReadonlySet<string> = new Set([
  'CHANGE', 'RENAME', 'CONVERT', 'ENABLE', 'DISABLE', 'TRUNCATE', 'REMOVE', 'COALESCE', 'REORGANIZE',
  'EXCHANGE', 'ANALYZE', 'OPTIMIZE', 'REBUILD', 'REPAIR', 'DISCARD', 'IMPORT', 'ALGORITHM', 'SPLIT',
  'REFRESH', 'UPGRADE', 'VALIDATION', 'WITHOUT',
]);

/** How refused actions starting with a reserved word are named in the 1235. */
const RESERVED_ACTION_NAMES: ReadonlyMap<string, string> = new Map([
  ['ALTER', 'ALTER COLUMN'], ['ORDER', 'ORDER BY'], ['PARTITION', 'PARTITION BY'],
]);

/** What an ADD/DROP action adds or drops, by its second word; anything else is a column. */
const ADD_DROP_OBJECTS: ReadonlyMap<string, string> = new Map([
  ['COLUMN', 'COLUMN'], ['INDEX', 'INDEX'], ['KEY', 'KEY'], ['PRIMARY', 'PRIMARY KEY'], ['UNIQUE', 'UNIQUE'],
  ['CONSTRAINT', 'CONSTRAINT'], ['FOREIGN', 'FOREIGN KEY'], ['PARTITION', 'PARTITION'], ['SUBPARTITION', 'SUBPARTITION'],
  ['FULLTEXT', 'FULLTEXT'], ['SPATIAL', 'SPATIAL'], ['CHECK', 'CHECK'], ['TABLEGROUP', 'TABLEGROUP'],
]);

export abstract class AlterParser extends DdlParser {
  alterTableStmt = this.RULE('alterTableStmt', (): AlterTable => {
    this.CONSUME(K.ALTER);
    this.CONSUME(K.TABLE);
    const table = this.SUBRULE(this.qualifiedName);
    const actions: AlterTableAction[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => actions.push(this.SUBRULE(this.alterTableAction)) });
    return { kind: 'alterTable', table, actions };
  });

  alterTableAction = this.RULE('alterTableAction', (): AlterTableAction =>
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => isWord(this.LA(1), 'ADD'), ALT: () => this.SUBRULE(this.alterAdd) },
        { ALT: () => this.SUBRULE(this.alterDrop) },
        { GATE: () => isWord(this.LA(1), 'MODIFY'), ALT: () => this.SUBRULE(this.alterModify) },
        {
          GATE: () => isWord(this.LA(1), 'REMOVE') && isWord(this.LA(2), 'TTL'),
          ALT: (): AlterTableAction => (this.CONSUME2(IdentCat), this.CONSUME3(IdentCat), { kind: 'removeTtl' }),
        },
        {
          GATE: () => REFUSED_ACTION_WORDS.has(this.LA(1).image.toUpperCase()),
          ALT: () => {
            const word = this.CONSUME(IdentCat);
            return this.raise(() => this.notSupported(`ALTER TABLE ${word.image.toUpperCase()}`));
          },
        },
        {
          ALT: () => {
            const word = this.OR2([
              { ALT: () => this.CONSUME2(K.ALTER) },
              { ALT: () => this.CONSUME(K.ORDER) },
              { ALT: () => this.CONSUME(K.PARTITION) },
              { ALT: () => this.CONSUME(K.FORCE) },
              { ALT: () => this.CONSUME(K.LOCK) },
              { ALT: () => this.CONSUME(K.CHECK) },
            ]);
            return this.raise(() => {
              const upper = word.image.toUpperCase();
              return this.notSupported(`ALTER TABLE ${RESERVED_ACTION_NAMES.get(upper) ?? upper}`);
            });
          },
        },
        { ALT: () => this.SUBRULE(this.alterSetOptions) },
      ],
    }),
  );

  /** `ADD COLUMN GROUP (...)`; ADD COLUMN / INDEX / KEY / PRIMARY KEY / PARTITION ... → 1235. */
  alterAdd = this.RULE('alterAdd', (): AlterTableAction => {
    this.CONSUME(IdentCat); // ADD
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.laIs(2, K.GROUP),
          ALT: (): AlterTableAction => {
            this.CONSUME(K.COLUMN);
            this.CONSUME(K.GROUP);
            return { kind: 'addColumnGroup', groups: this.SUBRULE(this.columnGroupList) };
          },
        },
        { ALT: () => this.SUBRULE(this.refusedAddOrDrop, { ARGS: ['ADD'] }) },
      ],
    });
  });

  /** `DROP COLUMN GROUP (...)`; DROP COLUMN / INDEX / PRIMARY KEY / PARTITION ... → 1235. */
  alterDrop = this.RULE('alterDrop', (): AlterTableAction => {
    this.CONSUME(K.DROP);
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.laIs(2, K.GROUP),
          ALT: (): AlterTableAction => {
            this.CONSUME(K.COLUMN);
            this.CONSUME(K.GROUP);
            return { kind: 'dropColumnGroup', groups: this.SUBRULE(this.columnGroupList) };
          },
        },
        { ALT: () => this.SUBRULE2(this.refusedAddOrDrop, { ARGS: ['DROP'] }) },
      ],
    });
  });

  /**
   * The rest of an ADD/DROP action the playground does not model: ERROR 1235 naming it
   * (`ALTER TABLE ADD INDEX not supported`). A bare column name or `(` means a column.
   */
  refusedAddOrDrop = this.RULE('refusedAddOrDrop', (verb?: string): AlterTableAction => {
    const token = this.OR([
      { ALT: () => this.CONSUME(ReservedCat) },
      { ALT: () => this.CONSUME(IdentCat) },
      { ALT: () => this.CONSUME(LParen) },
    ]);
    return this.raise(() => {
      const word = token.image.toUpperCase();
      const what = ADD_DROP_OBJECTS.has(word) ? ADD_DROP_OBJECTS.get(word) : 'COLUMN';
      return this.notSupported(`ALTER TABLE ${verb} ${what}`);
    });
  });

  /** `MODIFY [COLUMN] c <type> [attributes]` */
  alterModify = this.RULE('alterModify', (): AlterTableAction => {
    this.CONSUME(IdentCat); // MODIFY
    this.OPTION(() => this.CONSUME(K.COLUMN));
    return { kind: 'modifyColumn', column: this.SUBRULE(this.columnDef) };
  });

  /** `[SET] option [=] value [option [=] value]...` */
  alterSetOptions = this.RULE('alterSetOptions', (): AlterTableAction => {
    this.OPTION(() => this.CONSUME(K.SET));
    const options: TableOptionAst[] = [];
    this.AT_LEAST_ONE(() => {
      const option = this.SUBRULE(this.tableOption);
      this.ACTION(() => options.push(option));
    });
    return { kind: 'setOptions', options };
  });
}
