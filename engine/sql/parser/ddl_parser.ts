/**
 * DDL: CREATE / DROP DATABASE, CREATE TABLE (columns, types, attributes, keys, table options,
 * partitioning, column groups), DROP TABLE, TRUNCATE TABLE (MySQL mode, reference §2.1, §4,
 * §8.2, §8.4).
 *
 * Types map onto `ColumnType` as MySQL defines them: INTEGER = INT, BOOL/BOOLEAN = TINYINT,
 * NUMERIC/DEC/FIXED = DECIMAL with default (10,0), REAL and DOUBLE PRECISION = DOUBLE,
 * FLOAT(p) with p > 24 = DOUBLE, CHAR = CHAR(1), TINYTEXT/MEDIUMTEXT/LONGTEXT are read as TEXT.
 * Display widths (`INT(11)`) and DOUBLE(M,D) are accepted and ignored; ZEROFILL implies
 * UNSIGNED. Binary types (issue #5): VARBINARY(n), BINARY(n), TINYBLOB/BLOB/MEDIUMBLOB/LONGBLOB
 * (`ColumnType.binary`). Types the playground does not model (TIME, YEAR, JSON, ENUM, ...) answer
 * ERROR 1235. Character sets and collations are accepted and ignored (utf8mb4 only).
 *
 * Table options keep their value as written (`{name: 'COMPRESSION', value: 'zstd_1.3.8'}`),
 * names upper-cased, CHARACTER SET spelled CHARSET. Unknown option names are syntax errors, so
 * a typo does not pass silently; so are ROW_FORMAT values OceanBase does not have and skip-index
 * kinds other than MIN_MAX and SUM (values are validated by ddl/table_options.ts). Everything
 * SHOW CREATE TABLE prints parses back.
 */
import type { IToken } from 'chevrotain';
import type { ColumnType } from '../../common/value';
import type {
  ColumnDef, CreateDatabase, CreateTable, DropDatabase, DropTable, Expr, IntervalUnit, TableConstraint, TruncateTable, TtlAst,
} from '../ast';
import { identText, type QualifiedName } from './base_parser';
import { UNSUPPORTED_TYPES } from './call_parser';
import {
  Comma, DecimalNumber, Eq, IdentCat, Identifier, IntegerNumber, K, LParen, QuotedIdent, RParen, isWord,
} from './lexer';
import { PartitionParser } from './partition_parser';

/** Table options accepted besides CHARSET / COLLATE (OceanBase's MySQL-mode option names). */
const TABLE_OPTIONS: ReadonlySet<string> = new Set([
  'ENGINE', 'COMMENT', 'AUTO_INCREMENT', 'CHARSET', 'ROW_FORMAT', 'COMPRESSION', 'BLOCK_SIZE', 'REPLICA_NUM',
  'USE_BLOOM_FILTER', 'TABLET_SIZE', 'PCTFREE', 'TABLEGROUP', 'DUPLICATE_SCOPE', 'PROGRESSIVE_MERGE_NUM',
  'STORAGE_FORMAT_VERSION', 'PRIMARY_ZONE', 'LOCALITY', 'KEY_BLOCK_SIZE', 'AVG_ROW_LENGTH', 'MAX_ROWS',
  'MIN_ROWS', 'CHECKSUM', 'STATS_PERSISTENT', 'STATS_AUTO_RECALC', 'STATS_SAMPLE_PAGES', 'DELAY_KEY_WRITE',
  'PACK_KEYS', 'TABLE_MODE', 'ENABLE_MACRO_BLOCK_BLOOM_FILTER', 'AUTO_INCREMENT_MODE',
  'AUTO_INCREMENT_CACHE_SIZE', 'LOB_INROW_THRESHOLD', 'MERGE_ENGINE', 'ORGANIZATION', 'SKIP_INDEX_LEVEL',
  'STORAGE_CACHE_POLICY', 'MICRO_INDEX_CLUSTERED', 'KV_ATTRIBUTES', 'MAX_USED_PART_ID', 'PARALLEL',
]);
const TEXT_TYPES: ReadonlySet<string> = new Set(['TINYTEXT', 'MEDIUMTEXT', 'LONGTEXT']);
/** Skip-index kinds of the SKIP_INDEX(...) column attribute, in printing order (reference §4.10). */
const SKIP_INDEX_KINDS: readonly string[] = ['MIN_MAX', 'SUM'];
/** ROW_FORMAT values of OceanBase's MySQL mode (reference §4.7); others are syntax errors. */
const ROW_FORMATS: ReadonlySet<string> = new Set(['REDUNDANT', 'COMPACT', 'DYNAMIC', 'COMPRESSED', 'CONDENSED', 'DEFAULT']);

type TableOption = CreateTable['options'][number];

const TTL_UNITS: readonly IntervalUnit[] = ['SECOND', 'MINUTE', 'HOUR', 'DAY', 'MONTH', 'YEAR'];

/** The TTL definition in `col + INTERVAL n unit` (n a non-negative integer literal), else undefined. */
function ttlOf(e: Expr): TtlAst | undefined {
  if (e.kind !== 'binary' || e.op !== '+' || e.left.kind !== 'column' || e.left.table !== undefined) return undefined;
  const iv = e.right;
  if (iv.kind !== 'interval' || !TTL_UNITS.includes(iv.unit) || iv.value.kind !== 'literal') return undefined;
  const n = iv.value.value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return undefined;
  return { column: e.left.name, interval: n, unit: iv.unit };
}

const BLOB_KINDS: Readonly<Record<string, ColumnType['blobKind']>> = {
  TINYBLOB: 'tinyblob', BLOB: 'blob', MEDIUMBLOB: 'mediumblob', LONGBLOB: 'longblob',
};

/**
 * The binary type `word` names (issue #5): VARBINARY(n) → varchar binary (length required),
 * BINARY[(n)] → char binary (default 1), BLOB family → text binary (a BLOB(n) length is accepted
 * and ignored, as TEXT(n) is). Undefined for other words.
 */
function binaryType(word: string, length: number | undefined): ColumnType | 'needs length' | undefined {
  if (word === 'VARBINARY') return length === undefined ? 'needs length' : { kind: 'varchar', precision: length, binary: true };
  if (word === 'BINARY') return { kind: 'char', precision: length ?? 1, binary: true };
  const blobKind = BLOB_KINDS[word];
  if (blobKind === undefined) return undefined;
  return blobKind === 'blob' ? { kind: 'text', binary: true } : { kind: 'text', binary: true, blobKind };
}

export abstract class DdlParser extends PartitionParser {
  // ------------------------------------------------------------ CREATE / DROP / TRUNCATE

  createStmt = this.RULE('createStmt', (): CreateTable | CreateDatabase => {
    this.CONSUME(K.CREATE);
    return this.OR([
      { ALT: () => this.SUBRULE(this.createTable) },
      { ALT: () => this.SUBRULE(this.createDatabase) },
      { ALT: () => (this.CONSUME(K.TEMPORARY), this.raise(() => this.notSupported('CREATE TEMPORARY TABLE'))) },
    ]);
  });

  createDatabase = this.RULE('createDatabase', (): CreateDatabase => {
    this.OR([{ ALT: () => this.CONSUME(K.DATABASE) }, { ALT: () => this.CONSUME(K.SCHEMA) }]);
    const ifNotExists = this.OPTION(() => (this.CONSUME(K.IF), this.CONSUME(K.NOT), this.CONSUME(K.EXISTS), true)) === true;
    const name = this.SUBRULE(this.ident);
    this.MANY(() => this.SUBRULE(this.charsetOption));
    return { kind: 'createDatabase', ifNotExists, name };
  });

  dropStmt = this.RULE('dropStmt', (): DropTable | DropDatabase => {
    this.CONSUME(K.DROP);
    return this.OR([
      {
        ALT: (): DropTable => {
          this.CONSUME(K.TABLE);
          const ifExists = this.SUBRULE(this.ifExists);
          const tables: QualifiedName[] = [];
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => tables.push(this.SUBRULE(this.qualifiedName)) });
          this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(K.CASCADE) }, { ALT: () => this.CONSUME(K.RESTRICT) }]));
          this.OPTION2(() => this.CONSUME(K.PURGE));
          return { kind: 'dropTable', ifExists, tables };
        },
      },
      {
        ALT: (): DropDatabase => {
          this.OR3([{ ALT: () => this.CONSUME(K.DATABASE) }, { ALT: () => this.CONSUME(K.SCHEMA) }]);
          const ifExists = this.SUBRULE2(this.ifExists);
          return { kind: 'dropDatabase', ifExists, name: this.SUBRULE(this.ident) };
        },
      },
      { ALT: () => (this.CONSUME(K.TEMPORARY), this.raise(() => this.notSupported('DROP TEMPORARY TABLE'))) },
    ]);
  });

  ifExists = this.RULE('ifExists', (): boolean =>
    this.OPTION(() => (this.CONSUME(K.IF), this.CONSUME(K.EXISTS), true)) === true,
  );

  truncateStmt = this.RULE('truncateStmt', (): TruncateTable => {
    this.CONSUME(K.TRUNCATE);
    this.OPTION(() => this.CONSUME(K.TABLE));
    return { kind: 'truncateTable', table: this.SUBRULE(this.qualifiedName) };
  });

  // ------------------------------------------------------------ CREATE TABLE

  createTable = this.RULE('createTable', (): CreateTable => {
    this.CONSUME(K.TABLE);
    const ifNotExists = this.OPTION(() => (this.CONSUME(K.IF), this.CONSUME(K.NOT), this.CONSUME(K.EXISTS), true)) === true;
    const table = this.SUBRULE(this.qualifiedName);
    const stmt: CreateTable = { kind: 'createTable', ifNotExists, table, columns: [], constraints: [], options: [] };
    this.OR([
      { ALT: () => (this.CONSUME(K.LIKE), this.raise(() => this.notSupported('CREATE TABLE ... LIKE'))) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.tableElement, { ARGS: [stmt] }) });
          this.CONSUME(RParen);
        },
      },
    ]);
    this.MANY(() =>
      this.OR2([
        { ALT: () => this.CONSUME2(Comma) },
        {
          ALT: () => {
            const option = this.SUBRULE(this.tableOption);
            this.ACTION(() => stmt.options.push(option));
          },
        },
        { ALT: () => (stmt.partition = this.SUBRULE(this.partitionClause)) },
        { ALT: () => (stmt.columnGroups = this.SUBRULE(this.columnGroupClause)) },
        {
          ALT: () => {
            this.OR3([{ ALT: () => this.CONSUME(K.AS) }, { ALT: () => this.CONSUME(K.SELECT) }]);
            this.raise(() => this.notSupported('CREATE TABLE ... SELECT'));
          },
        },
      ]),
    );
    return stmt;
  });

  /** A column definition or a table-level key; appended to `stmt`. */
  tableElement = this.RULE('tableElement', (stmt?: CreateTable): void => {
    this.OR([
      {
        ALT: () => {
          const column = this.SUBRULE(this.columnDef);
          this.ACTION(() => stmt!.columns.push(column));
        },
      },
      {
        ALT: () => {
          const constraint = this.SUBRULE(this.tableConstraint);
          this.ACTION(() => stmt!.constraints.push(constraint));
        },
      },
    ]);
  });

  columnDef = this.RULE('columnDef', (): ColumnDef => {
    const name = this.SUBRULE(this.ident);
    const type = this.SUBRULE(this.dataType);
    const column: ColumnDef = { name, type };
    this.MANY(() => {
      const attribute = this.SUBRULE(this.columnAttribute);
      this.ACTION(() => Object.assign(column, attribute));
    });
    return column;
  });

  /** One column attribute, as the fields it sets. */
  columnAttribute = this.RULE('columnAttribute', (): Partial<ColumnDef> =>
    this.OR([
      { ALT: () => (this.CONSUME(K.NOT), this.CONSUME(K.NULL), { notNull: true }) },
      { ALT: () => (this.CONSUME2(K.NULL), { nullExplicit: true }) },
      { ALT: () => (this.CONSUME(K.DEFAULT), { default: this.SUBRULE(this.unaryExpr) }) },
      { ALT: () => (this.CONSUME(K.AUTO_INCREMENT), { autoIncrement: true }) },
      { ALT: () => (this.CONSUME(K.PRIMARY), this.CONSUME(K.KEY), { primaryKey: true }) },
      { ALT: () => (this.CONSUME2(K.KEY), { primaryKey: true }) },
      { ALT: () => (this.CONSUME(K.UNIQUE), this.OPTION(() => this.CONSUME3(K.KEY)), { unique: true }) },
      { ALT: () => (this.CONSUME(K.COMMENT), { comment: this.SUBRULE(this.stringValue) }) },
      { ALT: () => ({ skipIndex: this.SUBRULE(this.skipIndexAttribute) }) },
      { ALT: () => (this.CONSUME(K.COLLATE), this.SUBRULE(this.charsetName), {}) },
      { ALT: () => (this.CONSUME(K.CHARACTER), this.CONSUME(K.SET), this.SUBRULE2(this.charsetName), {}) },
      { ALT: () => (this.CONSUME(K.CHARSET), this.SUBRULE3(this.charsetName), {}) },
      { ALT: () => (this.CONSUME(K.ON), this.raise(() => this.notSupported('ON UPDATE column attribute'))) },
      { ALT: () => (this.CONSUME(K.CHECK), this.raise(() => this.notSupported('CHECK constraint'))) },
      { ALT: () => (this.CONSUME(K.REFERENCES), this.raise(() => this.notSupported('Foreign key'))) },
      { ALT: () => (this.CONSUME(K.GENERATED), this.raise(() => this.notSupported('Generated column'))) },
      { ALT: () => (this.CONSUME(K.AS), this.raise(() => this.notSupported('Generated column'))) },
    ]),
  );

  /**
   * `SKIP_INDEX(MIN_MAX, SUM)` → ['MIN_MAX', 'SUM'] (each kind once, in that order);
   * `SKIP_INDEX()` → [] (no skip index). Any other kind is a syntax error at its word, as in
   * OceanBase's grammar.
   */
  skipIndexAttribute = this.RULE('skipIndexAttribute', (): string[] => {
    this.CONSUME(K.SKIP_INDEX);
    this.CONSUME(LParen);
    const kinds = new Set<string>();
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const token = this.CONSUME(IdentCat);
        this.ACTION(() => {
          const kind = token.tokenType === QuotedIdent ? '' : token.image.toUpperCase();
          if (!SKIP_INDEX_KINDS.includes(kind)) throw this.syntaxError(token);
          kinds.add(kind);
        });
      },
    });
    this.CONSUME(RParen);
    return this.ACTION(() => SKIP_INDEX_KINDS.filter((k) => kinds.has(k)));
  });

  charsetName = this.RULE('charsetName', (): string =>
    this.OR([
      { ALT: () => this.SUBRULE(this.ident) },
      { ALT: () => this.SUBRULE(this.stringValue) },
      { ALT: () => (this.CONSUME(K.BINARY), 'binary') },
    ]),
  );

  // ------------------------------------------------------------ data types

  dataType = this.RULE('dataType', (): ColumnType =>
    this.OR([
      { ALT: () => this.SUBRULE(this.integerType) },
      { ALT: (): ColumnType => (this.OR2([{ ALT: () => this.CONSUME(K.BOOL) }, { ALT: () => this.CONSUME(K.BOOLEAN) }]), { kind: 'tinyint' }) },
      {
        ALT: (): ColumnType => {
          this.OR3([
            { ALT: () => this.CONSUME(K.DECIMAL) },
            { ALT: () => this.CONSUME(K.NUMERIC) },
            { ALT: () => this.CONSUME(K.DEC) },
            { ALT: () => this.CONSUME(K.FIXED) },
          ]);
          const spec = this.OPTION(() => this.SUBRULE(this.precisionSpec));
          const unsigned = this.SUBRULE(this.numericFlags);
          const type: ColumnType = { kind: 'decimal', precision: spec?.precision ?? 10, scale: spec?.scale ?? 0 };
          if (unsigned) type.unsigned = true;
          return type;
        },
      },
      {
        ALT: (): ColumnType => {
          this.OR4([
            { ALT: () => (this.CONSUME(K.DOUBLE), this.OPTION2(() => this.CONSUME(K.PRECISION))) },
            { ALT: () => this.CONSUME(K.REAL) },
          ]);
          this.OPTION3(() => this.SUBRULE2(this.precisionSpec));
          return this.floatingType('double', this.SUBRULE2(this.numericFlags));
        },
      },
      {
        ALT: (): ColumnType => {
          this.CONSUME(K.FLOAT);
          const spec = this.OPTION4(() => this.SUBRULE3(this.precisionSpec));
          const unsigned = this.SUBRULE3(this.numericFlags);
          const wide = spec !== undefined && spec.scale === undefined && spec.precision > 24;
          return this.floatingType(wide ? 'double' : 'float', unsigned);
        },
      },
      { ALT: () => this.SUBRULE(this.stringType) },
      { ALT: () => this.SUBRULE(this.temporalType) },
      { ALT: () => this.SUBRULE(this.otherType) },
    ]),
  );

  protected floatingType(kind: 'float' | 'double', unsigned: boolean): ColumnType {
    return unsigned === true ? { kind, unsigned: true } : { kind };
  }

  integerType = this.RULE('integerType', (): ColumnType => {
    const kind = this.OR([
      { ALT: () => (this.CONSUME(K.TINYINT), 'tinyint' as const) },
      { ALT: () => (this.CONSUME(K.SMALLINT), 'smallint' as const) },
      { ALT: () => (this.CONSUME(K.MEDIUMINT), 'mediumint' as const) },
      { ALT: () => (this.CONSUME(K.INT), 'int' as const) },
      { ALT: () => (this.CONSUME(K.INTEGER), 'int' as const) },
      { ALT: () => (this.CONSUME(K.BIGINT), 'bigint' as const) },
    ]);
    this.OPTION(() => this.SUBRULE(this.precisionSpec)); // display width
    const unsigned = this.SUBRULE(this.numericFlags);
    return unsigned === true ? { kind, unsigned: true } : { kind };
  });

  /** `[UNSIGNED | SIGNED | ZEROFILL]...` → true when unsigned. */
  numericFlags = this.RULE('numericFlags', (): boolean => {
    let unsigned = false;
    this.MANY(() =>
      this.OR([
        { ALT: () => (this.CONSUME(K.UNSIGNED), (unsigned = true)) },
        { ALT: () => this.CONSUME(K.SIGNED) },
        { ALT: () => (this.CONSUME(K.ZEROFILL), (unsigned = true)) },
      ]),
    );
    return unsigned;
  });

  stringType = this.RULE('stringType', (): ColumnType =>
    this.OR([
      {
        ALT: (): ColumnType => {
          this.CONSUME(K.VARCHAR);
          return { kind: 'varchar', precision: this.SUBRULE(this.precisionSpec).precision };
        },
      },
      {
        ALT: (): ColumnType => {
          this.CONSUME(K.CHAR);
          const spec = this.OPTION(() => this.SUBRULE2(this.precisionSpec));
          return { kind: 'char', precision: spec?.precision ?? 1 };
        },
      },
      {
        ALT: (): ColumnType => {
          this.CONSUME(K.TEXT);
          this.OPTION2(() => this.SUBRULE3(this.precisionSpec));
          return { kind: 'text' };
        },
      },
    ]),
  );

  temporalType = this.RULE('temporalType', (): ColumnType => {
    const kind = this.OR([
      { ALT: () => (this.CONSUME(K.DATE), 'date' as const) },
      { ALT: () => (this.CONSUME(K.DATETIME), 'datetime' as const) },
      { ALT: () => (this.CONSUME(K.TIMESTAMP), 'timestamp' as const) },
    ]);
    const fsp = this.OPTION(() => this.SUBRULE(this.precisionSpec));
    return this.ACTION((): ColumnType => {
      if (fsp === undefined) return { kind };
      if (kind === 'date' || fsp.scale !== undefined) throw this.syntaxError(this.LA(0));
      return { kind, precision: fsp.precision };
    });
  });

  /**
   * TINYTEXT & co. read as TEXT; the binary types (issue #5) VARBINARY(n), BINARY[(n)] and
   * TINYBLOB/BLOB[(n)]/MEDIUMBLOB/LONGBLOB; known-but-unmodelled types → 1235; anything else → 1064.
   */
  otherType = this.RULE('otherType', (): ColumnType => {
    const token = this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.CONSUME(K.TIME) },
      { ALT: () => this.CONSUME(K.BINARY) },
      { ALT: () => this.CONSUME(K.SET) },
    ]);
    const spec = this.OPTION({
      GATE: () => this.laIs(2, IntegerNumber), // ENUM('a') & co. stay 1235, not a 1064 at the string
      DEF: () => this.SUBRULE(this.precisionSpec),
    });
    return this.ACTION((): ColumnType => {
      const word = token.tokenType === QuotedIdent ? '' : token.image.toUpperCase();
      const binary = binaryType(word, spec?.precision);
      if (binary === 'needs length') throw this.syntaxError(this.LA(1));
      if (binary !== undefined && spec?.scale === undefined) return binary;
      if (spec !== undefined) throw this.syntaxError(token);
      if (TEXT_TYPES.has(word)) return { kind: 'text' };
      if (UNSUPPORTED_TYPES.has(word)) throw this.notSupported(`Data type ${word}`);
      throw this.syntaxError(token);
    });
  });

  // ------------------------------------------------------------ keys and indexes

  tableConstraint = this.RULE('tableConstraint', (): TableConstraint => {
    const name = this.OPTION(() => {
      this.CONSUME(K.CONSTRAINT);
      return this.OPTION2(() => this.SUBRULE(this.ident));
    });
    const constraint = this.OR([
      {
        ALT: (): TableConstraint => {
          this.CONSUME(K.PRIMARY);
          this.CONSUME(K.KEY);
          return { kind: 'primary', columns: this.SUBRULE(this.keyParts) };
        },
      },
      {
        ALT: (): TableConstraint => {
          this.CONSUME(K.UNIQUE);
          this.OPTION3(() => this.OR2([{ ALT: () => this.CONSUME2(K.KEY) }, { ALT: () => this.CONSUME(K.INDEX) }]));
          const indexName = this.OPTION4(() => this.SUBRULE2(this.ident));
          const columns = this.SUBRULE2(this.keyParts);
          return indexName === undefined ? { kind: 'unique', columns } : { kind: 'unique', name: indexName, columns };
        },
      },
      {
        ALT: (): TableConstraint => {
          this.OR3([{ ALT: () => this.CONSUME3(K.KEY) }, { ALT: () => this.CONSUME2(K.INDEX) }]);
          const indexName = this.OPTION5(() => this.SUBRULE3(this.ident));
          const columns = this.SUBRULE3(this.keyParts);
          return indexName === undefined ? { kind: 'index', columns } : { kind: 'index', name: indexName, columns };
        },
      },
      { ALT: () => (this.CONSUME(K.FOREIGN), this.raise(() => this.notSupported('Foreign key'))) },
      { ALT: () => (this.CONSUME(K.CHECK), this.raise(() => this.notSupported('CHECK constraint'))) },
      { ALT: () => (this.CONSUME(K.FULLTEXT), this.raise(() => this.notSupported('FULLTEXT index'))) },
      { ALT: () => (this.CONSUME(K.SPATIAL), this.raise(() => this.notSupported('SPATIAL index'))) },
    ]);
    this.MANY(() => this.SUBRULE(this.indexOption));
    return this.ACTION(() => {
      if (name !== undefined && constraint.name === undefined && constraint.kind !== 'primary') {
        return { ...constraint, name };
      }
      return constraint;
    });
  });

  /** `[USING BTREE] (c1, c2(10) DESC, ...)` → column names. */
  keyParts = this.RULE('keyParts', (): string[] => {
    this.OPTION(() => this.SUBRULE(this.indexType));
    const columns: string[] = [];
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        columns.push(this.SUBRULE(this.ident));
        this.OPTION2(() => this.SUBRULE(this.precisionSpec));
        this.OPTION3(() => this.OR([{ ALT: () => this.CONSUME(K.ASC) }, { ALT: () => this.CONSUME(K.DESC) }]));
      },
    });
    this.CONSUME(RParen);
    return columns;
  });

  indexType = this.RULE('indexType', (): void => {
    this.CONSUME(K.USING);
    this.CONSUME(IdentCat); // BTREE | HASH
  });

  /** Index options OceanBase prints: `BLOCK_SIZE 16384 LOCAL`, plus COMMENT, USING, VISIBLE. */
  indexOption = this.RULE('indexOption', (): void => {
    this.OR([
      { ALT: () => this.SUBRULE(this.indexType) },
      { ALT: () => (this.CONSUME(K.COMMENT), this.SUBRULE(this.stringValue)) },
      { ALT: () => this.CONSUME(K.LOCAL) },
      { ALT: () => this.CONSUME(K.GLOBAL) },
      {
        GATE: () => isWord(this.LA(1), 'BLOCK_SIZE'),
        ALT: () => (this.CONSUME(Identifier), this.OPTION(() => this.CONSUME(Eq)), this.CONSUME(IntegerNumber)),
      },
      {
        GATE: () => isWord(this.LA(1), 'VISIBLE') || isWord(this.LA(1), 'INVISIBLE'),
        ALT: () => this.CONSUME2(Identifier),
      },
    ]);
  });

  // ------------------------------------------------------------ table options

  /** `[DEFAULT] CHARSET|CHARACTER SET|COLLATE [=] name` (tables and databases). */
  charsetOption = this.RULE('charsetOption', (): TableOption => {
    this.OPTION(() => this.CONSUME(K.DEFAULT));
    const name = this.OR([
      { ALT: () => (this.CONSUME(K.CHARSET), 'CHARSET') },
      { ALT: () => (this.CONSUME(K.CHARACTER), this.CONSUME(K.SET), 'CHARSET') },
      { ALT: () => (this.CONSUME(K.COLLATE), 'COLLATE') },
    ]);
    this.OPTION2(() => this.CONSUME(Eq));
    return { name, value: this.SUBRULE(this.charsetName) };
  });

  tableOption = this.RULE('tableOption', (): TableOption =>
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.charsetOption) },
        {
          GATE: () => isWord(this.LA(1), 'TTL') && (this.laIs(2, LParen) || (this.laIs(2, Eq) && this.laIs(3, LParen))),
          ALT: () => this.SUBRULE(this.ttlOption),
        },
        {
          ALT: () => {
            const nameToken = this.CONSUME(IdentCat);
            this.OPTION(() => this.CONSUME(Eq));
            const valueToken = this.ACTION(() => this.LA(1));
            const value = this.SUBRULE(this.optionValue);
            return this.ACTION(() => this.checkTableOption(nameToken, value, valueToken));
          },
        },
      ],
    }),
  );

  /**
   * `TTL [=] (col + INTERVAL n unit)` (issue #5, OBKV TTL tables): one column plus a constant interval
   * of SECOND, MINUTE, HOUR, DAY, MONTH or YEAR; any other expression answers 1235. Whether the
   * column exists and is DATETIME/TIMESTAMP is the resolver's check.
   */
  ttlOption = this.RULE('ttlOption', (): TableOption => {
    this.CONSUME(Identifier); // TTL
    this.OPTION(() => this.CONSUME(Eq));
    const open = this.CONSUME(LParen);
    const e = this.SUBRULE(this.expr);
    const close = this.CONSUME(RParen);
    return this.ACTION((): TableOption => {
      const ttl = ttlOf(e);
      if (ttl === undefined) throw this.notSupported('TTL expression other than column + INTERVAL n unit');
      return { name: 'TTL', value: this.sourceText.slice(open.startOffset + 1, close.startOffset).trim(), ttl };
    });
  });

  /** Known option names only; ROW_FORMAT only with one of OceanBase's formats (else 1064 at the value). */
  protected checkTableOption(nameToken: IToken, value: string | number, valueToken: IToken): TableOption {
    const name = nameToken.tokenType === QuotedIdent ? '' : nameToken.image.toUpperCase();
    if (!TABLE_OPTIONS.has(name)) throw this.syntaxError(nameToken);
    if (name === 'ROW_FORMAT' && !ROW_FORMATS.has(String(value).toUpperCase())) throw this.syntaxError(valueToken);
    return { name, value };
  }

  /** A table option's value: number, string, bare word, TRUE/FALSE or DEFAULT (as text). */
  optionValue = this.RULE('optionValue', (): string | number =>
    this.OR([
      {
        ALT: () => {
          const t = this.OR2([{ ALT: () => this.CONSUME(IntegerNumber) }, { ALT: () => this.CONSUME(DecimalNumber) }]);
          return this.ACTION(() => Number(t.image));
        },
      },
      { ALT: () => this.SUBRULE(this.stringValue) },
      {
        ALT: () => {
          const t = this.OR3([
            { ALT: () => this.CONSUME(IdentCat) },
            { ALT: () => this.CONSUME(K.TRUE) },
            { ALT: () => this.CONSUME(K.FALSE) },
            { ALT: () => this.CONSUME(K.DEFAULT) },
          ]);
          return this.ACTION(() => identText(t));
        },
      },
    ]),
  );
}
