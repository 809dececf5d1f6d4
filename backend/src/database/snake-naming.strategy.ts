import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

const toSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-\s]+/g, '_').toLowerCase();
const tableNameOf = (table: Table | string) => (typeof table === 'string' ? table : table.name).split('.').pop()!;

/** PostgreSQL (and PostgreSQL's 63-byte identifier limit) wants short names; longer ones keep a readable head. */
function identifier(name: string): string {
  return name.length <= 63 ? name : name.slice(0, 63);
}

/**
 * camelCase properties ↔ snake_case columns, and readable constraint names (`fk_runs_user_id`, `idx_runs_status`)
 * instead of hashes, so migrations are reviewable.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    return customName ?? toSnake([...embeddedPrefixes, propertyName].join('_'));
  }

  override relationName(propertyName: string): string {
    return toSnake(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return toSnake(`${relationName}_${referencedColumnName}`);
  }

  override primaryKeyName(table: Table | string): string {
    return identifier(`pk_${tableNameOf(table)}`);
  }

  override foreignKeyName(table: Table | string, columnNames: string[]): string {
    return identifier(`fk_${tableNameOf(table)}_${columnNames.join('_')}`);
  }

  override uniqueConstraintName(table: Table | string, columnNames: string[]): string {
    return identifier(`uq_${tableNameOf(table)}_${columnNames.join('_')}`);
  }

  override relationConstraintName(table: Table | string, columnNames: string[]): string {
    return identifier(`uq_${tableNameOf(table)}_${columnNames.join('_')}`);
  }

  override indexName(table: Table | string, columnNames: string[]): string {
    return identifier(`idx_${tableNameOf(table)}_${columnNames.join('_')}`);
  }
}
