/**
 * Typed arrays as base64 of their little-endian bytes: compact in JSON (8 bytes per double become ~10.7 characters
 * instead of up to 24 digits) and exact, NaN and infinities included. DataView pins the byte order, so a model
 * written on one machine reads the same on any other.
 */
export type CodecArray = Float64Array | Int32Array | Uint32Array | Uint8Array;
type CodecKind = 'float64' | 'int32' | 'uint32' | 'uint8';

const ELEMENT_BYTES: Record<CodecKind, number> = { float64: 8, int32: 4, uint32: 4, uint8: 1 };

export function encodeTypedArray(array: CodecArray): string {
  const view = new DataView(new ArrayBuffer(array.length * array.BYTES_PER_ELEMENT));
  if (array instanceof Float64Array) for (let i = 0; i < array.length; i++) view.setFloat64(i * 8, array[i], true);
  else if (array instanceof Int32Array) for (let i = 0; i < array.length; i++) view.setInt32(i * 4, array[i], true);
  else if (array instanceof Uint32Array) for (let i = 0; i < array.length; i++) view.setUint32(i * 4, array[i], true);
  else for (let i = 0; i < array.length; i++) view.setUint8(i, array[i]);
  return Buffer.from(view.buffer).toString('base64');
}

export function decodeFloat64(text: unknown, field: string): Float64Array {
  const view = decodeBytes(text, field, 'float64');
  const out = new Float64Array(view.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

export function decodeInt32(text: unknown, field: string): Int32Array {
  const view = decodeBytes(text, field, 'int32');
  const out = new Int32Array(view.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, true);
  return out;
}

export function decodeUint32(text: unknown, field: string): Uint32Array {
  const view = decodeBytes(text, field, 'uint32');
  const out = new Uint32Array(view.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

export function decodeUint8(text: unknown, field: string): Uint8Array {
  return new Uint8Array(decodeBytes(text, field, 'uint8').buffer);
}

function decodeBytes(text: unknown, field: string, kind: CodecKind): DataView {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new Error(`model field '${field}' must be a base64 string`);
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % ELEMENT_BYTES[kind] !== 0) {
    throw new Error(`model field '${field}' has ${bytes.length} bytes, not a whole number of ${kind} values`);
  }
  // Copy into a fresh buffer: Buffer.from may return a slice of a shared pool at any offset.
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new DataView(copy.buffer);
}
