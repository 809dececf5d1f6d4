import { MemoryWorkspace, type GateRunInput } from '@esy/orchestration';
import type { Pg } from '../database/pg';

/**
 * The source run's workspace as it was just before `gateOrder`: for every path, the newest version written by an
 * attempt of an earlier gate (the artifacts table keeps every version with the attempt that wrote it). Files the
 * gate itself or later gates wrote are left out, so every candidate starts from the inputs the original attempt had.
 */
export async function workspaceBeforeGate(pg: Pg, runId: string, gateOrder: number): Promise<Record<string, string>> {
  const { rows } = await pg.query<{ file_path: string; content: string | null }>(
    `SELECT DISTINCT ON (a.file_path) a.file_path, convert_from(a.content, 'UTF8') AS content
       FROM artifacts a JOIN gate_executions g ON g.id = a.gate_execution_id
      WHERE a.run_id = $1 AND g.gate_order < $2
      ORDER BY a.file_path, a.version DESC`,
    [runId, gateOrder],
  );
  return Object.fromEntries(rows.filter((row) => row.content !== null).map((row) => [row.file_path, row.content as string]));
}

/** An isolated, in-memory copy: writes never reach the source run. */
export function isolatedCopy(files: Record<string, string>): MemoryWorkspace {
  return new MemoryWorkspace({ ...files });
}

/** Earlier gates with their latest status, as the engine shows them in the prompt's context section. */
export async function priorGatesOf(pg: Pg, runId: string, gateOrder: number, outputsOf: (gateId: string) => string[]): Promise<GateRunInput['priorGates']> {
  const { rows } = await pg.query<{ gate_id: string; gate_name: string; status: string }>(
    `SELECT DISTINCT ON (gate_order) gate_id, gate_name, status FROM gate_executions
      WHERE run_id = $1 AND gate_order < $2 ORDER BY gate_order, attempt_number DESC`,
    [runId, gateOrder],
  );
  return rows.map((row) => ({ gate: row.gate_id, name: row.gate_name, status: row.status, outputs: outputsOf(row.gate_id) }));
}
