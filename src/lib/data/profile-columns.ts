/** Check a file's fields against the columns its kind needs (names and types). */
import type { ParquetField } from './parquet-fields.ts';
import { KIND_COLUMNS, META, PROFILE_KINDS, type ColumnType, type ProfileKind } from './profile-schema.ts';

const EXPECTED_TEXT: Record<ColumnType, string> = {
  time: 'a TIMESTAMP',
  double: 'a DOUBLE (or another number)',
  int: 'an INT64 (or another integer)',
  string: 'a STRING',
};

/** Numbers widen losslessly enough (pandas writes whole-number columns as int64), strings and times don't. */
function fits(field: ParquetField, want: ColumnType): boolean {
  switch (want) {
    case 'time':
      return field.kind === 'time';
    case 'double':
      return field.kind === 'float' || field.kind === 'int' || field.kind === 'decimal';
    case 'int':
      return field.kind === 'int';
    case 'string':
      return field.kind === 'string';
  }
}

function hasColumnsOf(kind: ProfileKind, names: Set<string>): boolean {
  return KIND_COLUMNS[kind].every((c) => names.has(c.name));
}

/** The problem with the columns (naming the column, the type found and the one expected), or undefined. */
export function columnProblem(kind: ProfileKind, fields: readonly ParquetField[]): string | undefined {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const names = new Set(byName.keys());
  for (const spec of KIND_COLUMNS[kind]) {
    const field = byName.get(spec.name);
    if (!field) {
      const other = PROFILE_KINDS.find((k) => k !== kind && hasColumnsOf(k, names));
      if (other) return `${META.kind} is ${kind} but the columns are those of a ${other} file`;
      return `column ${spec.name} is missing (expected ${EXPECTED_TEXT[spec.type]})`;
    }
    if (!fits(field, spec.type)) {
      return `column ${spec.name} is ${field.typeName}, expected ${EXPECTED_TEXT[spec.type]}`;
    }
  }
  return undefined;
}
