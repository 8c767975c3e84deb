/**
 * The forms a secret can take when a server sends it back: raw, JSON-escaped (`\/`, `\u00xx`,
 * `\"`), percent-encoded (`%2F`, `+` for a space) in any mix, and base64 / base64url at any
 * alignment inside a longer encoded value.
 *
 * @module
 */

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')

/** `[aA]` for a hex letter, so `\u00e9` and `\u00E9` both match. */
const hexPattern = (hex: string) =>
  [...hex]
    .map((digit) => (/[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit))
    .join('')

const jsonUnicodeEscape = (codeUnit: number) => `\\\\u${hexPattern(codeUnit.toString(16).padStart(4, '0'))}`

const percentEncoding = (character: string) =>
  [...new TextEncoder().encode(character)]
    .map((byte) => `%${hexPattern(byte.toString(16).padStart(2, '0'))}`)
    .join('')

/** Every way one character can be written in JSON or in a URL, as a regular-expression group. */
const characterForms = (character: string): string => {
  const forms = new Set<string>([escapeRegExp(character), percentEncoding(character)])
  const units = [...Array(character.length).keys()].map((i) => character.charCodeAt(i))
  forms.add(units.map(jsonUnicodeEscape).join(''))
  // JSON's short escapes; PHP's default json_encode writes `/` as `\/`.
  const short: Record<string, string> = { '/': '\\\\/', '"': '\\\\"', '\\': '\\\\\\\\' }
  if (short[character]) forms.add(short[character])
  if (character === ' ') forms.add('\\+')
  return forms.size === 1 ? ([...forms][0] ?? '') : `(?:${[...forms].join('|')})`
}

/** A pattern matching `secret` raw, JSON-escaped or percent-encoded, in any mix. */
export const escapedFormsPattern = (secret: string): string => [...secret].map(characterForms).join('')

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const toBase64Url = (base64: string) => base64.replace(/\+/g, '-').replace(/\//g, '_')

// Shorter base64 fragments would match ordinary text by chance.
const minimumEncodedLength = 8

/**
 * The base64 and base64url fragments that appear whenever `secret` is base64-encoded inside a
 * longer value, at each of the three byte alignments: the bytes sharing a group with what comes
 * before or after differ, the whole groups in between do not.
 */
export const base64Fragments = (secret: string): string[] => {
  const bytes = new TextEncoder().encode(secret)
  const fragments = new Set<string>([toBase64(bytes).replace(/=+$/, '')])
  for (let skip = 0; skip < 3; skip++) {
    const whole = bytes.subarray(skip, skip + Math.floor((bytes.length - skip) / 3) * 3)
    const encoded = toBase64(whole)
    if (encoded.length >= minimumEncodedLength) fragments.add(encoded)
  }
  for (const fragment of [...fragments]) fragments.add(toBase64Url(fragment))
  return [...fragments].filter((fragment) => fragment.length >= minimumEncodedLength)
}

/** A JWT (`header.payload.signature`, base64url): redacted whoever signed it. */
export const jwtPattern = 'eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*'

/** The whole pattern for a set of secrets, longest first so a secret containing another goes whole. */
export const secretsPattern = (secrets: Iterable<string>): RegExp => {
  const alternatives = new Set<string>()
  const sorted = [...secrets].sort((a, b) => b.length - a.length)
  for (const secret of sorted) alternatives.add(escapedFormsPattern(secret))
  // A base64 `/` or `+` may itself come back escaped (`\/`, `%2F`).
  for (const secret of sorted)
    for (const fragment of base64Fragments(secret)) alternatives.add(escapedFormsPattern(fragment))
  return new RegExp([...alternatives, jwtPattern].join('|'), 'g')
}
