import { isScalar, Scalar, type Document, type ScalarTag } from 'yaml';
import { fallBack } from './FastYamlFallback';
import { doubleQuotedValue, singleQuotedValue } from './quotedScalar';

const STRING_TAG = 'tag:yaml.org,2002:str';
/**
 * First characters of every plain scalar that a YAML 1.2 core schema tag other than `str` can match
 * (null: '' ~ null Null NULL; bool: true/false in three cases; int: [-+]digits, 0o, 0x; float: [-+].inf, .nan,
 * [-+]digits or dot forms). Any other plain scalar is a string without trying the tags' regular expressions.
 */
const MAYBE_NOT_STRING = new Set('~nNtTfF0123456789+-.');

/**
 * Builds `Scalar` nodes the way the yaml composer's composeScalar does: plain scalars get the first default tag
 * of the document's schema whose test matches (the YAML 1.2 core schema), quoted and block scalars are
 * strings; `range`, `source`, `type` and `format` are set as there.
 */
export class ScalarFactory {
  private readonly tags: ScalarTag[];
  private readonly stringTag: ScalarTag;

  constructor(private readonly document: Document) {
    this.tags = (document.schema.tags as ScalarTag[]).filter((tag) => !('collection' in tag && tag.collection));
    this.stringTag = this.tags.find((tag) => tag.tag === STRING_TAG)!;
  }

  plain(source: string, start: number, valueEnd: number, nodeEnd: number, atKey: boolean): Scalar {
    return this.build(this.tagOfPlain(source, atKey), source, Scalar.PLAIN, start, valueEnd, nodeEnd);
  }

  /** The single- or double-quoted scalar whose source (quotes included) is `source`, at `start`. */
  quoted(source: string, start: number): Scalar {
    const end = start + source.length;
    return source[0] === "'"
      ? this.string(singleQuotedValue(source), Scalar.QUOTE_SINGLE, start, end, end)
      : this.string(doubleQuotedValue(source), Scalar.QUOTE_DOUBLE, start, end, end);
  }

  /** A quoted or block scalar: always a string, whatever it looks like. */
  string(value: string, type: Scalar.Type, start: number, valueEnd: number, nodeEnd: number): Scalar {
    return this.build(this.stringTag, value, type, start, valueEnd, nodeEnd);
  }

  /** The composer's findScalarTagByTest. */
  private tagOfPlain(source: string, atKey: boolean): ScalarTag {
    if (source !== '' && !MAYBE_NOT_STRING.has(source[0])) return this.stringTag;
    for (const tag of this.tags) {
      if ((tag.default === true || (atKey && tag.default === 'key')) && tag.test?.test(source)) return tag;
    }
    return this.stringTag;
  }

  private build(tag: ScalarTag, value: string, type: Scalar.Type, start: number, valueEnd: number, nodeEnd: number) {
    const resolved = tag.resolve(value, fallBack, this.document.options);
    const scalar = isScalar(resolved) ? resolved : new Scalar(resolved);
    scalar.range = [start, valueEnd, nodeEnd];
    scalar.source = value;
    scalar.type = type;
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }
}
