/**
 * A tokenizer that behaves like the Stanford PTB tokenizer (CoreNLP 3.4.1, the jar pycocoevalcap runs) with
 * its default options: Penn Treebank conventions (clitics split off, `can't` → `ca n't`, brackets as
 * -LRB- / -RRB-, double quotes as `` and '', ... for ellipses, -- for dashes), abbreviations and acronyms that
 * keep their period, numbers, fractions, dates, URLs and hyphenated words kept whole.
 *
 * It is written from the tool's behaviour (its token classes and which wins where they overlap) and checked
 * token for token against the tool on every caption of COCO val2017. Like the tool it takes, at each
 * position, the longest match over an ordered list of token shapes (the earlier shape wins a tie), where a
 * shape may require a following context that is counted in the length but not consumed. The known
 * difference (see the package README): characters whose Unicode category changed since the tool's Java
 * version, mostly letters added to Unicode since.
 */

const NEWLINE = '\n';

/** What a matched shape produces: a token (or a line break, or nothing) and how far the input advances. */
type Emit = { token: string | undefined; advance: number };
type Action = (text: string) => Emit;

type Shape = {
  /** Alternatives, each a sticky regex whose optional group 1 is the trailing context. The longest wins. */
  patterns: RegExp[];
  action: Action;
};

/** A literal that matches in any letter case, as the tool's lexer treats literal strings. */
function caseless(literal: string): string {
  let source = '';
  for (const character of literal) {
    const lower = character.toLowerCase();
    const upper = character.toUpperCase();
    if (lower !== upper) source += `[${lower}${upper}]`;
    else source += /[.*+?^${}()|[\]\\/]/.test(character) ? `\\${character}` : character;
  }
  return source;
}

/** A word whose first letter must be written as given (a capital) and whose rest is caseless. */
function capitalised(word: string): string {
  return `${word[0]!}${caseless(word.slice(1))}`;
}

const either = (parts: readonly string[]): string => `(?:${parts.join('|')})`;

// Character classes.
// Letters: Unicode letters, the soft hyphen, and the marks and modifier letters the tool counts as letters.
const letter = String.raw`[\p{L}\u00AD\u0237-\u024F\u02C2-\u02C5\u02D2-\u02DF\u02E5-\u02FF\u0300-\u036F\u0370-\u037D\u0384\u0385\u03CF\u03F6\u03FC-\u03FF\u0483-\u0487\u04CF\u04F6-\u04FF\u0510-\u0525\u055A-\u055F\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7\u0615-\u061A\u063B-\u063F\u064B-\u065E\u0670\u06D6-\u06EF\u06FA-\u06FF\u070F\u0711\u0730-\u074F\u0750-\u077F\u07A6-\u07B1\u07CA-\u07F5\u07FA\u0900-\u0903\u093C\u093E-\u094E\u0951-\u0955\u0962-\u0963\u0981-\u0983\u09BC-\u09C4\u09C7\u09C8\u09CB-\u09CD\u09D7\u09E2\u09E3\u0A01-\u0A03\u0A3C\u0A3E-\u0A4F\u0A81-\u0A83\u0ABC-\u0ACF\u0B82\u0BBE-\u0BC2\u0BC6-\u0BC8\u0BCA-\u0BCD\u0C01-\u0C03\u0C3E-\u0C56\u0D3E-\u0D44\u0D46-\u0D48\u0E30-\u0E3A\u0E47-\u0E4E\u0EB1-\u0EBC\u0EC8-\u0ECD]`;
const letterOrEntity = `(?:${letter}|&[aeiouAEIOU]${either(['acute', 'grave', 'uml'].map(caseless))};)`;
const digit = String.raw`\p{Nd}`;
const plainLetter = String.raw`\p{L}`;
const letterOrDigit = String.raw`[\p{L}\p{Nd}]`;
const space = String.raw`[ \t\u00A0\u2000-\u200A\u3000]`;
const newline = String.raw`(?:\r\n|[\r\n\u2028\u2029\u000B\u000C\u0085])`;
const spaceOrNewline = `(?:${space}|${newline})`;
const apostrophe = `(?:['\\u0092\\u2019]|${caseless('&apos;')})`;
const apostropheLike = `(?:${apostrophe}|[\`\\u0091\\u2018\\u201B])`;
const hyphen = String.raw`[\-_\u058A\u2010\u2011]`;

// Token shapes, named after what they hold.
const markup = String.raw`<(?:[!?][A-Za-z\-][^>\r\n]*|[A-Za-z][A-Za-z0-9_:.\-]*(?:[ ]+(?:[A-Za-z][A-Za-z0-9_:.\-]*[ ]*=[ ]*(?:'[^']*'|"[^"]*")|[A-Za-z][A-Za-z0-9_:.\-]*))*[ ]*\/?|\/[A-Za-z][A-Za-z0-9_:.\-]*)[ ]*>`;
const sentenceEnd = `${spaceOrNewline}(?:${spaceOrNewline}|\\p{Lu}|${markup})`;
const word = `${letterOrEntity}(?:${letterOrEntity}|${digit})*(?:[.!?]${letterOrEntity}(?:${letterOrEntity}|${digit})*)*`;
const reducedAuxiliary = `${apostrophe}(?:[msdMSD]|${caseless('re')}|${caseless('ve')}|${caseless('ll')})`;
const beforeNegation = String.raw`[A-Za-z\u00AD]*[A-MO-Za-mo-z]\u00AD*`;
const negation = `${caseless('n')}${apostropheLike}${caseless('t')}`;
const number = `[\\-+]?(?:${digit}*(?:[.:,\\u00AD\\u066B\\u066C]${digit}+)+|${digit}+)`;
const acronymLetters = String.raw`[A-Za-z](?:\.[A-Za-z])*`;
const acronymLettersTwoOrMore = String.raw`[A-Za-z](?:\.[A-Za-z])+`;
const acronymCompounds = [
  `${either(['canada', 'sino', 'korean', 'eu', 'japan', 'non'].map(caseless))}-${caseless('u.s')}`,
  `${caseless('u.s.-')}${either(['u.k', 'u.s.s.r'].map(caseless))}`,
];
const thingPart = `(?:[dDoOlL]${apostropheLike}${letterOrDigit})?${letterOrDigit}+`;
const thing = `${thingPart}(?:${hyphen}${thingPart})*`;
const capitalsWithAmpersand = `[A-Z]+(?:(?:[+&]|${caseless('&amp;')})[A-Z]+)+`;
const slashed = String.raw`[A-Za-z0-9]+(?:-[A-Za-z]+){0,2}(?:\\?\/[A-Za-z0-9]+(?:-[A-Za-z]+){0,2}){1,2}`;
const hyphenated = `[A-Za-z0-9][A-Za-z0-9.,\\u00AD]*(?:-(?:${either([acronymLettersTwoOrMore, ...acronymCompounds])}\\.|[A-Za-z0-9\\u00AD]+))+`;
const fileExtensions = 'bat bmp c class cgi cpp dll doc docx exe gif gz h htm html jar java jpeg jpg mov mp3 pdf php pl png ppt ps py sql tar txt wav x xml zip'
  .split(' ')
  .sort((left, right) => right.length - left.length);
const fileName = `(?:${letterOrEntity}|${digit})+(?:\\.(?:${letterOrEntity}|${digit})+)*\\.${either(fileExtensions.map(caseless))}`;
const inSentencePunctuation = String.raw`[,;:\u3001]`;
const phone = String.raw`(?:\([0-9]{2,3}\)[ \u00A0]?|(?:\+\+?)?(?:[0-9]{2,4}[\- \u00A0])?[0-9]{2,4}[\- \u00A0])[0-9]{3,4}[\- \u00A0]?[0-9]{3,5}|(?:(?:\+\+?)?[0-9]{2,4}\.)?[0-9]{2,4}\.[0-9]{3,4}\.[0-9]{3,5}`;
const notUrl = String.raw` \t\n\f\r"<>|(){}`;

// Abbreviations that keep their period. Those usually followed by a lower-case word (a following capital
// means the sentence ended there too, so a separate period follows) ...
const lowerFollowedAbbreviations = [
  ...'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri'.split(' '),
  ...'ala ariz calif colo conn ct dak fla ga ind kan kans ky md mich minn mo mont neb nev okla penn tenn va vt wis wisc wyo'.split(' '),
  ...'inc co cos corp ltd plc rt bancorp bhd assn univ intl sys tel est ext sq jr sr bros ed.d ph.d blvd rd esq etc al seq bldg'.split(' '),
];
const lowerFollowedCapitalised = 'Az Ark Del Ill La Mass Miss Ore Pa Tex Wash'.split(' ');
const lowerFollowed = either([
  ...lowerFollowedAbbreviations.map(caseless),
  ...lowerFollowedCapitalised.map(capitalised),
  `${caseless('p')}${caseless('p')}?${caseless('t')}[ye]s?`,
]);
// ... and those usually followed by a capitalised name, never taken as a sentence end.
const titleAbbreviations = [
  ...'mr mrs ms dr drs prof profs sen sens rep reps atty attys lt col gen messrs gov govs adm rev maj sgt cpl pvt capt st ste ave pres lieut hon brig cmdr comdr pfc spc supt supts det mt ft adj adv asst assoc ens insp mlle mme msgr sfc'.split(' '),
  ...'vs alex wm jos cie a.k.a cf treas ph invt elec natl dept'.split(' '),
];
const titleWords = either([...titleAbbreviations.map(caseless), capitalised('Miss'), `${caseless('m')}[ft]${caseless('g')}`]);
const beforeNumberAbbreviations = either('ca fig figs prop no nos art bldg pp op'.split(' ').map(caseless));
const sentenceStarters = either([
  ...'About According Additionally After An A As At But Earlier He Her Here However If In It Last Many More Now Once One Other Our She Since So Some Such That The Their Then There These They This We When While What Yet You'
    .split(' ')
    .map(capitalised),
  'M[rR]\\.',
  'M[sS]\\.',
  markup,
]);

// Output spellings.
const leftSingleQuotes = /[\u0091\u2018\u201B\u2039]/g;
const rightSingleQuotes = /[\u0092\u2019\u203A]/g;
const leftDoubleQuotes = /[\u0093\u201C\u00AB]/g;
const rightDoubleQuotes = /[\u0094\u201D\u00BB]/g;

/** Quotes as the tool writes them by default: `` and '' for double quotes, ` and ' for single ones. */
function latexQuotes(text: string, probablyLeft: boolean): string {
  return text
    .replace(/&apos;|'/g, probablyLeft ? '`' : "'")
    .replace(/"|&quot;/g, probablyLeft ? '``' : "''")
    .replace(leftSingleQuotes, '`')
    .replace(rightSingleQuotes, "'")
    .replace(leftDoubleQuotes, '``')
    .replace(rightDoubleQuotes, "''");
}

/** A soft hyphen only marks where a line may break, so it is dropped from words. */
function withoutSoftHyphens(text: string): string {
  if (!text.includes('\u00AD')) return text;
  const kept = text.replaceAll('\u00AD', '');
  return kept === '' ? '-' : kept;
}

const withAmpersands = (text: string): string => text.replace(/&amp;/gi, '&');
const withBrackets = (text: string): string => text.replaceAll('(', '-LRB-').replaceAll(')', '-RRB-');
const withFractions = (text: string): string =>
  text.replaceAll('\u00BC', '1/4').replaceAll('\u00BD', '1/2').replaceAll('\u00BE', '3/4').replaceAll('\u2153', '1/3').replaceAll('\u2154', '2/3');
const withCurrency = (text: string): string =>
  text
    .replaceAll('\u00A2', 'cents')
    .replaceAll('\u00A3', '#')
    .replace(/[\u0080\u00A4\u20A0\u20AC]/g, '$');

// Actions.
const keep: Action = (text) => ({ token: text, advance: text.length });
const keepWord: Action = (text) => ({ token: withoutSoftHyphens(text), advance: text.length });
const keepSpaced: Action = (text) => ({ token: text.replaceAll(' ', '\u00A0'), advance: text.length });
const as =
  (token: string): Action =>
  (text) => ({ token, advance: text.length });
const skip: Action = (text) => ({ token: undefined, advance: text.length });
/** Returns the first `length` characters and reads the rest again. */
const firstOf =
  (length: number): Action =>
  (text) => ({ token: text.slice(0, length), advance: length });
/** Returns the text and reads its final period again, as a token of its own. */
const withPeriodAgain: Action = (text) => ({ token: text, advance: text.length - 1 });
const quote =
  (probablyLeft: boolean): Action =>
  (text) => ({ token: latexQuotes(text, probablyLeft), advance: text.length });

function shape(alternatives: string | readonly string[], action: Action, context?: string): Shape {
  const list = typeof alternatives === 'string' ? [alternatives] : alternatives;
  const patterns = list.map((source) => new RegExp(context === undefined ? `(?:${source})` : `(?:${source})(?=(${context}))`, 'uy'));
  return { patterns, action };
}

// The shapes, in the tool's order of precedence.
const shapes: Shape[] = [
  shape(`${caseless('c')}[+][+]`, keep),
  shape(`[cCfF]#`, keep),
  shape(caseless('cannot'), firstOf(3)),
  shape(`'${caseless('twas')}`, firstOf(2)),
  shape(`'${caseless('tis')}`, firstOf(2)),
  shape(either(['gonna', 'gotta', 'lemme', 'gimme', 'wanna'].map(caseless)), (text) => ({ token: text.slice(0, 3), advance: 3 })),
  shape(markup, keepSpaced),
  shape(`&${either(['md', 'mdash', 'ndash'].map(caseless))};|[\\u0096\\u0097\\u2013\\u2014\\u2015]`, as('--')),
  shape(caseless('&amp;'), (text) => ({ token: withAmpersands(text), advance: text.length })),
  shape(`&${either(['ht', 'tl', 'ur', 'lr', 'qc', 'ql', 'qr', 'odq', 'cdq'].map(caseless).concat('#[0-9]+'))};`, keep),
  shape(word, keepWord, reducedAuxiliary),
  shape(beforeNegation, keepWord, negation),
  shape(word, keepWord),
  shape(
    [
      `${apostrophe}${caseless('n')}${apostrophe}?`,
      `[lLdDjJ]${apostrophe}`,
      `${either(['dunkin', 'somethin', 'ol'].map(caseless))}${apostrophe}`,
      `${apostrophe}${caseless('em')}`,
      `[A-HJ-XZn]${apostropheLike}${plainLetter}{2,}`,
      `${apostrophe}[2-9]0${caseless('s')}`,
      `${apostrophe}${caseless('til')}${caseless('l')}?`,
      `${plainLetter}+[aeiouyAEIOUY]${apostropheLike}[aeiouA-Z]${plainLetter}*`,
      `${apostrophe}${caseless('cause')}`,
      `${caseless("cont'd")}\\.?`,
      ...["'twas", "nor'easter", "c'mon", "e'er", "s'mores", "ev'ry", "li'l", "nat'l"].map(caseless),
      `${caseless('o')}${apostropheLike}${caseless('o')}`,
    ],
    keep,
  ),
  shape(`${caseless('y')}${apostrophe}`, keep, plainLetter),
  shape(`${caseless('http')}${caseless('s')}?:\\/\\/[^${notUrl}]+[^${notUrl}.!?,\\-]`, keep),
  shape(
    [
      `${caseless('www')}\\.(?:[^${notUrl}.!?,]+\\.)+[a-zA-Z]{2,4}(?:\\/[^ \\t\\n\\f\\r"<>|()]+[^${notUrl}.!?,\\-])?`,
      `(?:[^${notUrl}\`'.!?,-_$]+\\.)+${either(['com', 'net', 'org', 'edu'].map(caseless))}(?:\\/[^ \\t\\n\\f\\r"<>|()]+[^${notUrl}.!?,\\-])?`,
    ],
    keep,
  ),
  shape(
    `(?:${caseless('&lt;')}|<)?[a-zA-Z0-9][^${notUrl}\\u00A0]*@(?:[^${notUrl}.\\u00A0]+\\.)*[^${notUrl}.\\u00A0]+(?:${caseless('&gt;')}|>)?`,
    keep,
  ),
  shape([`@[a-zA-Z_][a-zA-Z_0-9]*`, `#${letterOrEntity}+`], keep),
  shape(reducedAuxiliary, quote(false), '[^A-Za-z]'),
  shape(negation, quote(false), '[^A-Za-z]'),
  shape(`${digit}{1,2}[\\-\\/]${digit}{1,2}[\\-\\/]${digit}{2,4}`, keep),
  shape(number, keepWord),
  shape(String.raw`[\u207A\u207B\u208A\u208B]?(?:[\u2070\u00B9\u00B2\u00B3\u2074-\u2079]+|[\u2080-\u2089]+)`, keep),
  shape(`(?:${digit}{1,4}[\\- \\u00A0])?${digit}{1,4}(?:\\\\?\\/|\\u2044)${digit}{1,4}`, keepSpaced),
  shape(String.raw`[\u00BC\u00BD\u00BE\u2153-\u215E]`, (text) => ({ token: withFractions(text), advance: text.length })),
  shape(
    [
      `-${either(['rrb', 'lrb', 'rcb', 'lcb', 'rsb', 'lsb'].map(caseless))}-`,
      caseless('c.d.s'),
      caseless('pro-'),
      caseless('anti-'),
      `${caseless('s')}(?:&|${caseless('&amp;')})${caseless('p-500')}`,
      `${caseless('s')}(?:&|${caseless('&amp;')})${caseless('ls')}`,
      `${caseless('cap')}${apostrophe}${caseless('n')}`,
      `${caseless('c')}${apostrophe}${caseless('est')}`,
    ],
    (text) => ({ token: withAmpersands(text), advance: text.length }),
  ),
  shape(slashed, keep),
  shape(String.raw`[A-Z]*\$|#`, keep),
  shape(String.raw`[\u00A2-\u00A5\u0080\u20A0\u20AC\u060B\u0E3F\u20A4\uFFE0\uFFE1\uFFE5\uFFE6]`, (text) => ({ token: withCurrency(text), advance: text.length })),
  // An acronym before a word that usually starts a sentence ends that sentence too: "U.S." then ".".
  // A single letter and its period ("I.") are split instead.
  shape(
    [acronymLetters, ...acronymCompounds].map((source) => `${source}\\.`),
    (text) => (text.length === 2 ? { token: text.slice(0, 1), advance: 1 } : withPeriodAgain(text)),
    `${spaceOrNewline}+${sentenceStarters}${spaceOrNewline}`,
  ),
  shape(`${beforeNumberAbbreviations}\\.`, keep, `${spaceOrNewline}?${digit}`),
  shape(`(?:${caseless('pt')}[eyEY]|${caseless('co')})\\.`, keep, `${space}${either(['ltd', 'lim'].map(caseless))}`),
  shape(`${lowerFollowed}\\.`, withPeriodAgain, sentenceEnd),
  shape(`${lowerFollowed}\\.`, keep, '[^]{2}'),
  shape(`${lowerFollowed}\\.`, withPeriodAgain),
  shape([titleWords, acronymLetters, ...acronymCompounds].map((source) => `${source}\\.`), keep),
  shape([titleWords, acronymLetters, ...acronymCompounds], keep, space),
  shape([acronymLetters, ...acronymCompounds], keep, spaceOrNewline),
  shape(`${apostrophe}[0-9][0-9]`, keep, spaceOrNewline),
  shape(fileName, keep, `${spaceOrNewline}|[.?!,]`),
  shape(`${word}\\.`, keepWord, inSentencePunctuation),
  shape(phone, (text) => ({ token: withBrackets(text.replaceAll(' ', '\u00A0')), advance: text.length })),
  shape(`"|${caseless('&quot;')}`, quote(true), '[A-Za-z0-9$]'),
  shape(`"|${caseless('&quot;')}`, quote(false)),
  shape('\\x7f', skip),
  shape(`<|${caseless('&lt;')}`, as('<')),
  shape(`>|${caseless('&gt;')}`, as('>')),
  shape(String.raw`[<>]?[:;=][\-o*']?[()DPdpO\\{@|\[\]]`, (text) => ({ token: withBrackets(text), advance: text.length }), '[^A-Za-z0-9]'),
  shape(
    [String.raw`[\-^x=~<>']_[\-^x=~<>']`, String.raw`\([\-^x=~<>'][_.]?[\-^x=~<>']\)`, String.raw`\([\^x=~<>']-[\^x=~<>'\x60]\)`],
    (text) => ({ token: withBrackets(text), advance: text.length }),
  ),
  shape('\\{', as('-LCB-')),
  shape('\\}', as('-RCB-')),
  shape('\\[', as('-LSB-')),
  shape('\\]', as('-RSB-')),
  shape('\\(', as('-LRB-')),
  shape('\\)', as('-RRB-')),
  shape('-+', (text) => ({ token: text.length >= 3 && text.length <= 4 ? '--' : text, advance: text.length })),
  shape(String.raw`\.{3,5}|(?:\.[ \u00A0]){2,4}\.|[\u0085\u2026]`, as('...')),
  shape('@+|#+|_+', keep),
  shape(String.raw`\*+|(?:\\\*){1,3}`, keep),
  shape(inSentencePunctuation, keep),
  shape('[?!]+', keep),
  shape(String.raw`[.\u00A1\u00BF\u037E\u0589\u061F\u06D4\u0700-\u0702\u07FA\u3002]`, keep),
  shape('=', keep),
  shape('\\/', keep),
  shape(`${hyphenated}\\.`, keepWord, inSentencePunctuation),
  shape(hyphenated, keepWord),
  shape(`${thing}\\.`, keep, inSentencePunctuation),
  shape(thing, keep),
  shape(`${capitalsWithAmpersand}\\.`, (text) => ({ token: withAmpersands(text), advance: text.length }), inSentencePunctuation),
  shape(capitalsWithAmpersand, (text) => ({ token: withAmpersands(text), advance: text.length })),
  shape("'", quote(true), String.raw`[A-Za-z][^ \t\n\r\u00A0]`),
  shape(reducedAuxiliary, quote(false)),
  shape(negation, quote(false)),
  shape(
    [`''`, caseless('&apos;'), String.raw`[\x60\u2018\u2019\u201A\u201B\u201C\u201D\u0091-\u0094\u201E\u201F\u2039\u203A\u00AB\u00BB]{1,2}`, `['\\u0092\\u2019]`],
    quote(false),
  ),
  shape('<<|>>', keep),
  // Stand-alone symbols (math, arrows, dingbats, bullets, full-width punctuation...) are tokens of their own.
  shape(
    String.raw`[+%&~^|\\\u00A6-\u00A9\u00AC\u00AE-\u00BA\u00D7\u00F7\u0387\u05BE\u05C0\u05C3\u05C6\u05F3\u05F4\u0600-\u0603\u0606-\u060A\u060C\u0614\u061B\u061E\u066A\u066D\u0703-\u070D\u07F6-\u07F8\u0964\u0965\u0E4F\u1FBD\u2016\u2017\u2020-\u2023\u2030-\u2038\u203B\u203E-\u2042\u2044\u207A-\u207F\u208A-\u208E\u2100-\u214F\u2190-\u21FF\u2200-\u2BFF\u3012\u30FB\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]`,
    keep,
  ),
  shape(String.raw`\x00|[ \t\u00A0\u2000-\u200A\u3000]+|[\u200B\u200E\u200F\uFEFF]`, skip),
  shape(newline, as(NEWLINE)),
  shape(caseless('&nbsp;'), skip),
  // Anything else cannot be tokenized and is dropped, as the tool does by default.
  shape('[^]', skip),
];

const plainWord = /[A-Za-z]+(?=[ \n]|$)/y;
const assimilations = new Set(['cannot', 'gonna', 'gotta', 'lemme', 'gimme', 'wanna']);

/** The tokens of `text`, one list per input line (line breaks of any kind end a line). */
export function ptbTokenizeLines(text: string): string[][] {
  // The tool reads UTF-16 units and knows no surrogate pair: a character outside the Basic Multilingual
  // Plane (an emoji, a math letter) is two units that match nothing and are dropped, except inside shapes
  // that take any character but a few (URLs, e-mail addresses, markup). Scanning a copy in which each unit
  // is a character that matches nothing gives the same shapes; tokens are cut from the original text.
  const scanned = text.replace(/[\uD800-\uDFFF]/g, '\uFFFF');
  const lines: string[][] = [[]];
  let position = 0;
  while (position < text.length) {
    // Most of a caption is plain words between spaces: those are words whatever else could match.
    if (text.charCodeAt(position) === 32) {
      position++;
      continue;
    }
    plainWord.lastIndex = position;
    const plain = plainWord.exec(scanned);
    if (plain !== null && !assimilations.has(plain[0].toLowerCase())) {
      lines[lines.length - 1]!.push(plain[0]);
      position += plain[0].length;
      continue;
    }
    let bestLength = 0;
    let bestTokenLength = 0;
    let bestShape: Shape | undefined;
    for (const candidate of shapes) {
      for (const pattern of candidate.patterns) {
        pattern.lastIndex = position;
        const match = pattern.exec(scanned);
        if (match === null) continue;
        const length = match[0].length + (match[1]?.length ?? 0);
        if (length > bestLength) {
          bestLength = length;
          bestTokenLength = match[0].length;
          bestShape = candidate;
        }
      }
    }
    // The last shape matches any character, so there is always a match.
    const emitted = bestShape!.action(text.slice(position, position + bestTokenLength));
    if (emitted.token === NEWLINE) lines.push([]);
    else if (emitted.token !== undefined) lines[lines.length - 1]!.push(emitted.token);
    position += Math.max(1, emitted.advance);
  }
  return lines;
}

/** The PTB tokens of `text`, as the tool prints them; line breaks are dropped. */
export function ptbTokenize(text: string): string[] {
  return ptbTokenizeLines(text).flat();
}
