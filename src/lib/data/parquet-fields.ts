/**
 * What a Parquet schema element holds, in the terms profile validation needs (a kind), and a
 * type name for messages, spelled as Arrow spells it ("Int64", "Utf8", "Timestamp<MILLISECOND>").
 */
import type { SchemaElement } from 'hyparquet';

export type FieldKind = 'time' | 'float' | 'int' | 'decimal' | 'string' | 'other';

export interface ParquetField {
  name: string;
  kind: FieldKind;
  typeName: string;
}

const UNIT_NAMES: Record<string, string> = { MILLIS: 'MILLISECOND', MICROS: 'MICROSECOND', NANOS: 'NANOSECOND' };

const INT_NAMES: Record<string, string> = {
  INT_8: 'Int8', INT_16: 'Int16', INT_32: 'Int32', INT_64: 'Int64',
  UINT_8: 'Uint8', UINT_16: 'Uint16', UINT_32: 'Uint32', UINT_64: 'Uint64',
};

function kindOf(e: SchemaElement): [FieldKind, string] {
  const logical = e.logical_type;
  const converted = e.converted_type;
  if (logical?.type === 'TIMESTAMP') return ['time', `Timestamp<${UNIT_NAMES[logical.unit] ?? logical.unit}>`];
  if (converted === 'TIMESTAMP_MILLIS') return ['time', 'Timestamp<MILLISECOND>'];
  if (converted === 'TIMESTAMP_MICROS') return ['time', 'Timestamp<MICROSECOND>'];
  if (e.type === 'INT96') return ['time', 'Timestamp<NANOSECOND>'];
  if (logical?.type === 'DECIMAL' || converted === 'DECIMAL') return ['decimal', `Decimal[${e.precision ?? '?'}e${e.scale ?? 0}]`];
  if (logical?.type === 'DATE' || converted === 'DATE') return ['other', 'Date32<DAY>'];
  if (logical?.type === 'TIME' || converted === 'TIME_MILLIS' || converted === 'TIME_MICROS') return ['other', 'Time'];
  if (logical?.type === 'STRING' || logical?.type === 'ENUM' || converted === 'UTF8' || converted === 'ENUM') return ['string', 'Utf8'];
  if (logical?.type === 'INTEGER') return ['int', `${logical.isSigned ? 'Int' : 'Uint'}${logical.bitWidth}`];
  if (converted && INT_NAMES[converted]) return ['int', INT_NAMES[converted]];
  if (logical?.type === 'FLOAT16') return ['float', 'Float16'];
  switch (e.type) {
    case 'INT32': return ['int', 'Int32'];
    case 'INT64': return ['int', 'Int64'];
    case 'FLOAT': return ['float', 'Float32'];
    case 'DOUBLE': return ['float', 'Float64'];
    case 'BOOLEAN': return ['other', 'Bool'];
    case 'FIXED_LEN_BYTE_ARRAY': return ['other', `FixedSizeBinary[${e.type_length ?? '?'}]`];
    default: return ['other', 'Binary'];
  }
}

export function describeField(element: SchemaElement, children: number): ParquetField {
  if (children > 0) {
    const nested = element.logical_type?.type ?? element.converted_type;
    return { name: element.name, kind: 'other', typeName: nested === 'LIST' ? 'List' : nested === 'MAP' ? 'Map' : 'Struct' };
  }
  const [kind, typeName] = kindOf(element);
  return { name: element.name, kind, typeName };
}
