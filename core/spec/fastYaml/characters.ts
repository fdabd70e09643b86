/** Character codes the parser branches on. `charCodeAt` past the end gives NaN, which `isBlank` counts as blank. */
export const SPACE = 0x20;
export const NEWLINE = 0x0a;
/** Only ever seen as the first half of a `\r\n` line break: the fast path falls back on any other. */
export const CARRIAGE_RETURN = 0x0d;
export const HASH = 0x23;
export const COLON = 0x3a;
export const DASH = 0x2d;
export const DOT = 0x2e;
export const QUESTION = 0x3f;
export const COMMA = 0x2c;
export const SINGLE_QUOTE = 0x27;
export const DOUBLE_QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const PIPE = 0x7c;
export const GREATER = 0x3e;
export const PERCENT = 0x25;

/**
 * The yaml Lexer's `isEmpty`: space, line break, tab or end of input. Tabs never reach the fast parser (it
 * falls back on them), but are listed so that this stays the Lexer's definition.
 */
export function isBlank(code: number): boolean {
  return code === SPACE || code === NEWLINE || code === CARRIAGE_RETURN || code === 0x09 || code !== code;
}

/** `\n`, or the `\r` of a `\r\n` line break. */
export function isLineBreak(code: number): boolean {
  return code === NEWLINE || code === CARRIAGE_RETURN;
}

/** `,[]{}`: they end a plain scalar inside a flow collection. */
export function isFlowIndicator(code: number): boolean {
  return (
    code === COMMA || code === OPEN_BRACKET || code === CLOSE_BRACKET || code === OPEN_BRACE || code === CLOSE_BRACE
  );
}

/**
 * Characters that cannot start a plain scalar, or that start some other token (comment, flow collection,
 * quoted or block scalar, alias, anchor, tag, directive, reserved indicator). `-`, `?` and `:` are only
 * indicators when a blank follows; callers check those separately.
 */
export function cannotStartPlainScalar(code: number): boolean {
  switch (code) {
    case HASH:
    case OPEN_BRACE:
    case CLOSE_BRACE:
    case OPEN_BRACKET:
    case CLOSE_BRACKET:
    case COMMA:
    case SINGLE_QUOTE:
    case DOUBLE_QUOTE:
    case PIPE:
    case GREATER:
    case 0x2a: // * alias
    case 0x26: // & anchor
    case 0x21: // ! tag
    case PERCENT: // directive
    case 0x40: // @ reserved
    case 0x60: // ` reserved
      return true;
    default:
      return code !== code || code === SPACE || code === NEWLINE || code === CARRIAGE_RETURN;
  }
}
