/**
 * The `world` sample database, built from the `world-countries` package (mledoze/countries, ODbL):
 * - `country` — one row per country or territory (cca3 primary key), names, region, capital(s),
 *   area, coordinates and flags the package provides (it carries no population figures);
 * - `country_language` — (cca3, ISO 639-3 code) → language name;
 * - `country_border` — (cca3, neighbour cca3), both directions present as in the package.
 * The package is imported lazily so the browser bundle only fetches it when someone loads `world`.
 * Empty strings in the package (no ccn3, no subregion, no capital) become NULL; a negative area
 * (the package's "unknown") becomes NULL.
 */
import type { Country } from 'world-countries';
import { Decimal } from '../common/decimal';
import type { Value } from '../common/value';

export interface WorldTable {
  name: 'country' | 'country_language' | 'country_border';
  columns: readonly string[];
  body: string;
  rows(countries: readonly Country[]): Value[][];
}

const orNull = (s: string | undefined | null): Value => (s ? s : null);
const flag = (b: boolean | null | undefined): Value => (b === null || b === undefined ? null : b ? 1 : 0);

function countryRow(c: Country): Value[] {
  const area = typeof c.area === 'number' && c.area >= 0 ? Decimal.fromNumber(c.area).rescale(2) : null;
  const [lat, lng] = c.latlng ?? [];
  return [
    c.cca3, c.cca2, orNull(c.ccn3), c.name.common, c.name.official, c.region, orNull(c.subregion),
    orNull((c.capital ?? []).join(', ')), area, lat ?? null, lng ?? null, flag(c.landlocked), flag(c.independent),
    flag(c.unMember),
  ];
}

export const WORLD_TABLES: readonly WorldTable[] = [
  {
    name: 'country',
    columns: [
      'cca3', 'cca2', 'ccn3', 'name', 'official_name', 'region', 'subregion', 'capital', 'area_km2', 'latitude',
      'longitude', 'landlocked', 'independent', 'un_member',
    ],
    body:
      'cca3 CHAR(3) NOT NULL, cca2 CHAR(2) NOT NULL, ccn3 CHAR(3), name VARCHAR(64) NOT NULL, ' +
      'official_name VARCHAR(128) NOT NULL, region VARCHAR(16) NOT NULL, subregion VARCHAR(32), capital VARCHAR(64), ' +
      'area_km2 DECIMAL(12,2), latitude DOUBLE, longitude DOUBLE, landlocked TINYINT NOT NULL, independent TINYINT, ' +
      'un_member TINYINT NOT NULL, PRIMARY KEY (cca3)',
    rows: (countries) => [...countries].sort((a, b) => cmp(a.cca3, b.cca3)).map(countryRow),
  },
  {
    name: 'country_language',
    columns: ['cca3', 'language_code', 'language'],
    body: 'cca3 CHAR(3) NOT NULL, language_code CHAR(3) NOT NULL, language VARCHAR(64) NOT NULL, PRIMARY KEY (cca3, language_code)',
    rows: (countries) =>
      countries
        .flatMap((c) => Object.entries(c.languages ?? {}).map(([code, name]): Value[] => [c.cca3, code, name]))
        .sort((a, b) => cmp(`${a[0]}/${a[1]}`, `${b[0]}/${b[1]}`)),
  },
  {
    name: 'country_border',
    columns: ['cca3', 'border_cca3'],
    body: 'cca3 CHAR(3) NOT NULL, border_cca3 CHAR(3) NOT NULL, PRIMARY KEY (cca3, border_cca3)',
    rows: (countries) =>
      countries
        .flatMap((c) => [...new Set(c.borders ?? [])].map((b): Value[] => [c.cca3, b]))
        .sort((a, b) => cmp(`${a[0]}/${a[1]}`, `${b[0]}/${b[1]}`)),
  },
];

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `CREATE TABLE db.name (...)` for one world table. */
export function worldCreateTableSql(table: WorldTable, db = 'world'): string {
  return `CREATE TABLE ${db}.${table.name} (${table.body})`;
}

/** The package's countries (loaded on first use). */
export async function loadWorldCountries(): Promise<readonly Country[]> {
  const mod = await import('world-countries');
  return mod.default;
}
