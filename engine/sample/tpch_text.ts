/**
 * TPC-H's fixed vocabularies (specification v3, §4.2.2–4.2.3) and its comment text.
 *
 * Comments in TPC-H are "text strings" (§4.2.2.10): substrings of a large pool of pseudo-English
 * produced by a small grammar of sentences built from fixed word lists (§4.2.2.14). dbgen builds a
 * 300 MB pool; we build a 1 MiB one with the same grammar (simplified: fewer sentence shapes) and
 * take a random substring of the requested length range, exactly as dbgen does. The pool is built
 * once, lazily, from its own seeded stream, so it is identical on every host.
 */
import { RowRng } from './rng';

/** The 5 regions, R_REGIONKEY 0..4 (§4.2.3). */
export const REGIONS = ['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST'] as const;

/** The 25 nations and their region keys, N_NATIONKEY 0..24 (§4.2.3). */
export const NATIONS: readonly { name: string; regionKey: number }[] = [
  { name: 'ALGERIA', regionKey: 0 },
  { name: 'ARGENTINA', regionKey: 1 },
  { name: 'BRAZIL', regionKey: 1 },
  { name: 'CANADA', regionKey: 1 },
  { name: 'EGYPT', regionKey: 4 },
  { name: 'ETHIOPIA', regionKey: 0 },
  { name: 'FRANCE', regionKey: 3 },
  { name: 'GERMANY', regionKey: 3 },
  { name: 'INDIA', regionKey: 2 },
  { name: 'INDONESIA', regionKey: 2 },
  { name: 'IRAN', regionKey: 4 },
  { name: 'IRAQ', regionKey: 4 },
  { name: 'JAPAN', regionKey: 2 },
  { name: 'JORDAN', regionKey: 4 },
  { name: 'KENYA', regionKey: 0 },
  { name: 'MOROCCO', regionKey: 0 },
  { name: 'MOZAMBIQUE', regionKey: 0 },
  { name: 'PERU', regionKey: 1 },
  { name: 'CHINA', regionKey: 2 },
  { name: 'ROMANIA', regionKey: 3 },
  { name: 'SAUDI ARABIA', regionKey: 4 },
  { name: 'VIETNAM', regionKey: 2 },
  { name: 'RUSSIA', regionKey: 3 },
  { name: 'UNITED KINGDOM', regionKey: 3 },
  { name: 'UNITED STATES', regionKey: 1 },
];

/** P_NAME is 5 distinct words from these 92 (§4.2.3). */
export const P_NAME_WORDS = (
  'almond antique aquamarine azure beige bisque black blanched blue blush brown burlywood burnished ' +
  'chartreuse chiffon chocolate coral cornflower cornsilk cream cyan dark deep dim dodger drab firebrick ' +
  'floral forest frosted gainsboro ghost goldenrod green grey honeydew hot indian ivory khaki lace ' +
  'lavender lawn lemon light lime linen magenta maroon medium metallic midnight mint misty moccasin ' +
  'navajo navy olive orange orchid pale papaya peach peru pink plum powder puff purple red rose rosy ' +
  'royal saddle salmon sandy seashell sienna sky slate smoke snow spring steel tan thistle tomato ' +
  'turquoise violet wheat white yellow'
).split(' ');

/** P_TYPE = one syllable of each (§4.2.2.13): 6 × 5 × 5 = 150 types. */
export const TYPE_S1 = ['STANDARD', 'SMALL', 'MEDIUM', 'LARGE', 'ECONOMY', 'PROMO'];
export const TYPE_S2 = ['ANODIZED', 'BURNISHED', 'PLATED', 'POLISHED', 'BRUSHED'];
export const TYPE_S3 = ['TIN', 'NICKEL', 'BRASS', 'STEEL', 'COPPER'];
/** P_CONTAINER = one syllable of each: 5 × 8 = 40 containers. */
export const CONTAINER_S1 = ['SM', 'LG', 'MED', 'JUMBO', 'WRAP'];
export const CONTAINER_S2 = ['CASE', 'BOX', 'BAG', 'JAR', 'PKG', 'PACK', 'CAN', 'DRUM'];
export const SEGMENTS = ['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'MACHINERY', 'HOUSEHOLD'];
export const PRIORITIES = ['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW'];
export const INSTRUCTIONS = ['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'];
export const MODES = ['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'];

const NOUNS = (
  'foxes,ideas,theodolites,pinto beans,instructions,dependencies,excuses,platelets,asymptotes,courts,' +
  'dolphins,multipliers,sauternes,warthogs,frets,dinos,attainments,somas,Tiresias,patterns,forges,' +
  'braids,hockey players,frays,warhorses,dugouts,notornis,epitaphs,pearls,tithes,waters,orbits,gifts,' +
  'sheaves,depths,sentiments,decoys,realms,pains,grouches,escapades'
).split(',');
const VERBS = (
  'sleep wake are cajole haggle nag use boost affix detect integrate maintain nod was lose sublate ' +
  'solve thrash promise engage hinder print x-ray breach eat grow impress mold poach serve run dazzle ' +
  'snooze doze unwind kindle play hang believe doubt'
).split(' ');
const ADJECTIVES = (
  'furious sly careful blithe quick fluffy slow quiet ruthless thin close dogged daring brave stealthy ' +
  'permanent enticing idle busy regular final ironic even bold silent'
).split(' ');
const ADVERBS = (
  'sometimes always never furiously slyly carefully blithely quickly fluffily slowly quietly ruthlessly ' +
  'thinly closely doggedly daringly bravely stealthily permanently enticingly idly busily regularly ' +
  'finally ironically evenly boldly silently'
).split(' ');
const PREPOSITIONS = [
  'about', 'above', 'according to', 'across', 'after', 'against', 'along', 'alongside of', 'among',
  'around', 'at', 'atop', 'before', 'behind', 'beneath', 'beside', 'besides', 'between', 'beyond', 'by',
  'despite', 'during', 'except', 'for', 'from', 'in place of', 'inside', 'instead of', 'into', 'near',
  'of', 'on', 'outside', 'over', 'past', 'since', 'through', 'throughout', 'to', 'toward', 'under',
  'until', 'up', 'upon', 'without', 'with', 'within',
];
const AUXILIARIES = [
  'do', 'may', 'might', 'shall', 'will', 'would', 'can', 'could', 'should', 'ought to', 'must',
  'will have to', 'shall have to', 'could have to', 'should have to', 'must have to', 'need to', 'try to',
];
const TERMINATORS = ['.', ';', ':', '?', '!', '--'];

/** Characters of a "v-string" (§4.2.2.7: random alphanumerics, with space and comma). */
const V_CHARS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ,';

const TEXT_POOL_CHARS = 1 << 20;
const TEXT_POOL_STREAM = 0x7e57;

let textPool: string | null = null;

function nounPhrase(rng: RowRng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return rng.pick(NOUNS);
    case 1:
      return `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
    case 2:
      return `${rng.pick(ADJECTIVES)}, ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
    default:
      return `${rng.pick(ADVERBS)} ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
  }
}

function verbPhrase(rng: RowRng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return rng.pick(VERBS);
    case 1:
      return `${rng.pick(AUXILIARIES)} ${rng.pick(VERBS)}`;
    case 2:
      return `${rng.pick(VERBS)} ${rng.pick(ADVERBS)}`;
    default:
      return `${rng.pick(AUXILIARIES)} ${rng.pick(VERBS)} ${rng.pick(ADVERBS)}`;
  }
}

/** One sentence of the grammar (§4.2.2.14, shapes simplified). */
function sentence(rng: RowRng): string {
  const prep = () => `${rng.pick(PREPOSITIONS)} the ${nounPhrase(rng)}`;
  switch (rng.int(0, 4)) {
    case 0:
      return `${nounPhrase(rng)} ${verbPhrase(rng)}${rng.pick(TERMINATORS)}`;
    case 1:
      return `${nounPhrase(rng)} ${verbPhrase(rng)} ${prep()}${rng.pick(TERMINATORS)}`;
    case 2:
      return `${nounPhrase(rng)} ${verbPhrase(rng)} ${nounPhrase(rng)}${rng.pick(TERMINATORS)}`;
    case 3:
      return `${nounPhrase(rng)} ${prep()} ${verbPhrase(rng)} ${nounPhrase(rng)}${rng.pick(TERMINATORS)}`;
    default:
      return `${nounPhrase(rng)} ${prep()} ${verbPhrase(rng)} ${prep()}${rng.pick(TERMINATORS)}`;
  }
}

/** The shared text pool (built on first use, ~1 MiB, identical everywhere). */
export function tpchTextPool(): string {
  if (textPool !== null) return textPool;
  const rng = new RowRng().reset(TEXT_POOL_STREAM, 0);
  const parts: string[] = [];
  let length = 0;
  while (length < TEXT_POOL_CHARS) {
    const s = sentence(rng);
    parts.push(s);
    length += s.length + 1;
  }
  textPool = parts.join(' ');
  return textPool;
}

/** A TPC-H "text string" of random length in [minChars, maxChars] (§4.2.2.10). */
export function randomText(rng: RowRng, minChars: number, maxChars: number): string {
  const pool = tpchTextPool();
  const length = rng.int(minChars, maxChars);
  const offset = rng.int(0, pool.length - length);
  return pool.slice(offset, offset + length);
}

/** A "v-string" of random length in [minChars, maxChars] (§4.2.2.7), e.g. addresses. */
export function randomVString(rng: RowRng, minChars: number, maxChars: number): string {
  const length = rng.int(minChars, maxChars);
  let s = '';
  for (let i = 0; i < length; i++) s += V_CHARS[rng.int(0, V_CHARS.length - 1)];
  return s;
}

/** A phone number `CC-ddd-ddd-dddd` with country code nationKey + 10 (§4.2.2.9). */
export function randomPhone(rng: RowRng, nationKey: number): string {
  return `${nationKey + 10}-${rng.int(100, 999)}-${rng.int(100, 999)}-${rng.int(1000, 9999)}`;
}
