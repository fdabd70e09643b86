import type { PqlSyntaxError, Span } from './ast';
import { asSentence } from './asSentence';
import type { PqlToken } from './PqlLexer';

/** Conditions, lists and aggregation filters nested deeper than this are refused rather than risk the stack. */
export const MAX_NESTING_DEPTH = 100;

/** Thrown to unwind the parser at the first syntax error; parsePql turns it into a result. */
export class PqlSyntaxFailure {
  constructor(readonly error: PqlSyntaxError) {}
}

/** A position in the token list with the lookahead, error and nesting helpers the grammar functions share. */
export class PqlTokenCursor {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: PqlToken[]) {}

  peek(ahead = 0): PqlToken {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  next(): PqlToken {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** Whether the token ahead is the keyword `word` (upper case), in any casing. */
  atWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.upper === word;
  }

  /**
   * Stops parsing with `message` at `token`. A lexer error token reports its own problem instead:
   * an unterminated string is the real cause of whatever the grammar expected there.
   */
  failAt(token: PqlToken, message: string): never {
    if (token.kind === 'error')
      throw new PqlSyntaxFailure({ message: asSentence(token.message), span: token.errorSpan });
    throw new PqlSyntaxFailure({ message: asSentence(message), span: token.span });
  }

  failSpan(span: Span, message: string): never {
    throw new PqlSyntaxFailure({ message: asSentence(message), span });
  }

  /** Runs `parse` one nesting level deeper, refusing absurd depths with a syntax error instead of a stack overflow. */
  nested<T>(parse: () => T): T {
    if (this.depth >= MAX_NESTING_DEPTH) {
      this.failAt(this.peek(), `nesting deeper than ${MAX_NESTING_DEPTH} levels: simplify the query`);
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}

/** How a token reads in an error message ("found ..."). */
export function describeToken(token: PqlToken): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the query';
    case 'word':
      return `'${token.text}'`;
    case 'string':
      return `the string ${token.text}`;
    case '(':
    case ')':
    case ',':
      return `'${token.kind}'`;
    default:
      return token.text;
  }
}
