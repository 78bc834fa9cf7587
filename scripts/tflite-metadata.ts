import { Builder, ByteBuffer } from 'flatbuffers';

/**
 * Just enough of two FlatBuffers schemas to give a TFLite model the metadata MediaPipe Tasks
 * requires for an image input:
 *
 * - tensorflow/lite/schema/schema.fbs (file identifier "TFL3"):
 *   `table Model { version:uint; operator_codes; subgraphs; description; buffers:[Buffer];
 *   metadata_buffer:[int]; metadata:[Metadata]; signature_defs }`, `table Metadata { name:string;
 *   buffer:uint }`, `table Buffer { data:[ubyte] (force_align: 16); offset:ulong; size:ulong }`.
 * - tensorflow/lite/experimental/support/metadata/metadata_schema.fbs (file identifier "M001"):
 *   ModelMetadata → SubGraphMetadata → TensorMetadata { content: Content { ImageProperties },
 *   process_units: [ProcessUnit { NormalizationOptions { mean, std } }], stats }.
 *
 * Fields are addressed by their slot (their index in the schema), as generated code would.
 */

const TFLITE_IDENTIFIER = 'TFL3';
const METADATA_IDENTIFIER = 'M001';
/** The name MediaPipe's ModelMetadataExtractor looks for in Model.metadata. */
export const METADATA_NAME = 'TFLITE_METADATA';

// Union tags from metadata_schema.fbs.
const CONTENT_PROPERTIES_IMAGE = 2;
const PROCESS_UNIT_NORMALIZATION = 1;
const COLOR_SPACE_RGB = 1;

// Model slots (schema.fbs).
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 } as const;
const MODEL_SLOTS = 8;

export interface ImageInputMetadata {
  modelName: string;
  description: string;
  version: string;
  author: string;
  license: string;
  inputName: string;
  /** Per-channel (or one for all channels) normalization: (pixel - mean) / std. */
  mean: number[];
  std: number[];
  outputNames: string[];
}

function floatVector(b: Builder, values: number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]!);
  return b.endVector();
}

function offsetVector(b: Builder, offsets: number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
  return b.endVector();
}

function namedTensor(b: Builder, name: string): number {
  const n = b.createString(name);
  b.startObject(7);
  b.addFieldOffset(0, n, 0);
  return b.endObject();
}

/** A ModelMetadata flatbuffer ("M001") describing one RGB image input with NormalizationOptions. */
export function imageInputMetadata(m: ImageInputMetadata): Uint8Array {
  const b = new Builder(1024);
  // NormalizationOptions { mean:[float]; std:[float] }
  const mean = floatVector(b, m.mean);
  const std = floatVector(b, m.std);
  b.startObject(2);
  b.addFieldOffset(0, mean, 0);
  b.addFieldOffset(1, std, 0);
  const normalization = b.endObject();
  // ProcessUnit { options:ProcessUnitOptions (union: type slot 0, value slot 1) }
  b.startObject(2);
  b.addFieldInt8(0, PROCESS_UNIT_NORMALIZATION, 0);
  b.addFieldOffset(1, normalization, 0);
  const processUnit = b.endObject();
  const processUnits = offsetVector(b, [processUnit]);
  // ImageProperties { color_space:ColorSpaceType; default_size:ImageSize }
  b.startObject(2);
  b.addFieldInt8(0, COLOR_SPACE_RGB, 0);
  const imageProperties = b.endObject();
  // Content { content_properties (union: type slot 0, value slot 1); range }
  b.startObject(3);
  b.addFieldInt8(0, CONTENT_PROPERTIES_IMAGE, 0);
  b.addFieldOffset(1, imageProperties, 0);
  const content = b.endObject();
  // Stats { max:[float]; min:[float] }: the range of the normalized values.
  const max = floatVector(
    b,
    m.mean.map((mu, i) => (255 - mu) / (m.std[i] ?? m.std[0]!)),
  );
  const min = floatVector(
    b,
    m.mean.map((mu, i) => (0 - mu) / (m.std[i] ?? m.std[0]!)),
  );
  b.startObject(2);
  b.addFieldOffset(0, max, 0);
  b.addFieldOffset(1, min, 0);
  const stats = b.endObject();
  // TensorMetadata { name; description; dimension_names; content; process_units; stats; associated_files }
  const inputName = b.createString(m.inputName);
  const inputDescription = b.createString('Input image to be processed.');
  b.startObject(7);
  b.addFieldOffset(0, inputName, 0);
  b.addFieldOffset(1, inputDescription, 0);
  b.addFieldOffset(3, content, 0);
  b.addFieldOffset(4, processUnits, 0);
  b.addFieldOffset(5, stats, 0);
  const input = b.endObject();
  const outputs = m.outputNames.map((name) => namedTensor(b, name));
  const inputs = offsetVector(b, [input]);
  const outputVector = offsetVector(b, outputs);
  // SubGraphMetadata { name; description; input_tensor_metadata; output_tensor_metadata; … }
  b.startObject(10);
  b.addFieldOffset(2, inputs, 0);
  b.addFieldOffset(3, outputVector, 0);
  const subgraph = b.endObject();
  const subgraphs = offsetVector(b, [subgraph]);
  const name = b.createString(m.modelName);
  const description = b.createString(m.description);
  const version = b.createString(m.version);
  const author = b.createString(m.author);
  const license = b.createString(m.license);
  const minParser = b.createString('1.0.0');
  // ModelMetadata { name; description; version; subgraph_metadata; author; license; associated_files; min_parser_version }
  b.startObject(8);
  b.addFieldOffset(0, name, 0);
  b.addFieldOffset(1, description, 0);
  b.addFieldOffset(2, version, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(4, author, 0);
  b.addFieldOffset(5, license, 0);
  b.addFieldOffset(7, minParser, 0);
  const root = b.endObject();
  b.finish(root, METADATA_IDENTIFIER);
  return b.asUint8Array();
}

/** Reading helpers over a flatbuffer: absolute positions of a table's fields. */
class Reader {
  readonly bb: ByteBuffer;
  constructor(bytes: Uint8Array) {
    this.bb = new ByteBuffer(bytes);
  }
  root(): number {
    return this.bb.readInt32(this.bb.position()) + this.bb.position();
  }
  /** Position of the field's slot in the table, or 0 when the field is absent. */
  slot(table: number, index: number): number {
    const o = this.bb.__offset(table, 4 + 2 * index);
    return o === 0 ? 0 : table + o;
  }
  /** Absolute position of what an offset field points at, or 0 when absent. */
  target(table: number, index: number): number {
    const at = this.slot(table, index);
    return at === 0 ? 0 : at + this.bb.readUint32(at);
  }
  vector(table: number, index: number): { start: number; length: number } | undefined {
    const at = this.slot(table, index);
    if (at === 0) return undefined;
    return { start: this.bb.__vector(at), length: this.bb.__vector_len(at) };
  }
  /** Positions of the tables a vector of tables points at. */
  tables(table: number, index: number): number[] {
    const v = this.vector(table, index);
    if (!v) return [];
    return Array.from({ length: v.length }, (_, i) => this.bb.__indirect(v.start + 4 * i));
  }
  string(table: number, index: number): string | undefined {
    const at = this.slot(table, index);
    return at === 0 ? undefined : (this.bb.__string(at) as string);
  }
}

/** The metadata buffers a TFLite model carries, by name (e.g. TFLITE_METADATA). */
export function readModelMetadata(model: Uint8Array): Map<string, Uint8Array> {
  const r = new Reader(model);
  if (!r.bb.__has_identifier(TFLITE_IDENTIFIER)) throw new Error('not a TFLite model (identifier TFL3 missing)');
  const root = r.root();
  const buffers = r.tables(root, MODEL.buffers);
  const found = new Map<string, Uint8Array>();
  for (const m of r.tables(root, MODEL.metadata)) {
    const name = r.string(m, 0);
    const bufferAt = r.slot(m, 1);
    const index = bufferAt === 0 ? 0 : r.bb.readUint32(bufferAt);
    const data = r.vector(buffers[index]!, 0);
    if (name && data) found.set(name, model.subarray(data.start, data.start + data.length));
  }
  return found;
}

/** Input tensors of the first subgraph: name, shape and TFLite type (0 = float32, 3 = uint8). */
export function readInputs(model: Uint8Array): { name: string; shape: number[]; type: number }[] {
  const r = new Reader(model);
  const subgraph = r.tables(r.root(), MODEL.subgraphs)[0];
  if (subgraph === undefined) return [];
  const tensors = r.tables(subgraph, 0);
  const inputs = r.vector(subgraph, 1);
  if (!inputs) return [];
  return Array.from({ length: inputs.length }, (_, i) => {
    const t = tensors[r.bb.readInt32(inputs.start + 4 * i)]!;
    const shape = r.vector(t, 0);
    const typeAt = r.slot(t, 1);
    return {
      name: r.string(t, 3) ?? '',
      shape: shape ? Array.from({ length: shape.length }, (_, k) => r.bb.readInt32(shape.start + 4 * k)) : [],
      type: typeAt === 0 ? 0 : r.bb.readInt8(typeAt),
    };
  });
}

/**
 * Returns a copy of a TFLite model with a named metadata buffer added (replacing one of the same
 * name). The original flatbuffer is embedded unchanged, 16-byte aligned, so every offset inside
 * it stays valid; a new root Model table is written in front of it that points at the original
 * vectors, at a buffers vector with one more Buffer (the metadata) and at a new metadata vector.
 */
export function addModelMetadata(model: Uint8Array, name: string, metadata: Uint8Array): Uint8Array {
  const r = new Reader(model);
  if (!r.bb.__has_identifier(TFLITE_IDENTIFIER)) throw new Error('not a TFLite model (identifier TFL3 missing)');
  const root = r.root();
  const b = new Builder(model.length + metadata.length + 1024);

  // 1. The original model, raw, at the end of the new buffer, its start aligned to 16 bytes.
  b.prep(16, model.length);
  for (let i = model.length - 1; i >= 0; i--) b.writeInt8(model[i]!);
  const originalEnd = b.offset();
  /** A position in the original model as a builder offset (distance from the end of the new buffer). */
  const from = (position: number) => originalEnd - position;

  // 2. The metadata bytes as a Buffer table (data is force_align 16).
  b.startVector(1, metadata.length, 16);
  for (let i = metadata.length - 1; i >= 0; i--) b.addInt8(metadata[i]!);
  const data = b.endVector();
  b.startObject(3);
  b.addFieldOffset(0, data, 0);
  const metadataBuffer = b.endObject();

  // 3. buffers = the original Buffer tables + ours; metadata = the others + ours.
  const buffers = [...r.tables(root, MODEL.buffers).map(from), metadataBuffer];
  const buffersVector = offsetVector(b, buffers);
  const kept = r.tables(root, MODEL.metadata).filter((m) => r.string(m, 0) !== name);
  const nameOffset = b.createString(name);
  b.startObject(2);
  b.addFieldOffset(0, nameOffset, 0);
  b.addFieldInt32(1, buffers.length - 1, 0);
  const entry = b.endObject();
  const metadataVector = offsetVector(b, [...kept.map(from), entry]);

  // 4. A new root Model: the original fields, with buffers and metadata replaced.
  b.startObject(MODEL_SLOTS);
  const versionAt = r.slot(root, MODEL.version);
  if (versionAt !== 0) b.addFieldInt32(MODEL.version, r.bb.readUint32(versionAt), 0);
  for (const slot of [MODEL.operatorCodes, MODEL.subgraphs, MODEL.description, MODEL.metadataBuffer, MODEL.signatureDefs]) {
    const target = r.target(root, slot);
    if (target !== 0) b.addFieldOffset(slot, from(target), 0);
  }
  b.addFieldOffset(MODEL.buffers, buffersVector, 0);
  b.addFieldOffset(MODEL.metadata, metadataVector, 0);
  const newRoot = b.endObject();
  b.finish(newRoot, TFLITE_IDENTIFIER);
  return b.asUint8Array().slice();
}
