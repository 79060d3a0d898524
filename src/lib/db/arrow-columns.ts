import type { Table } from 'apache-arrow';
import type { Column, Columns } from './db.ts';

/** Turn an Arrow result into plain columns: numbers to Float64Array, everything else to arrays. */
export function toColumns(table: Table): Columns {
  const columns: Record<string, Column> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name)!;
    const typeId = field.type.typeId;
    // Arrow Type ids: Int=2, Float=3, Decimal=7, Date=8, Time=9, Timestamp=10
    if (typeId === 2 || typeId === 3 || typeId === 7 || typeId === 10 || typeId === 8) {
      const out = new Float64Array(vector.length);
      for (let i = 0; i < vector.length; i++) {
        const v = vector.get(i);
        out[i] = v == null ? NaN : Number(v);
      }
      columns[field.name] = out;
    } else {
      columns[field.name] = vector.toArray() as Column;
      if (!Array.isArray(columns[field.name])) columns[field.name] = Array.from(vector.toArray());
    }
  }
  return { numRows: table.numRows, columns };
}
