import { Inject, Injectable } from '@nestjs/common';
import { PG, type Pg } from '../database/pg';

export interface OutputFileRow {
  path: string;
  sha256: string;
  size_bytes: number;
  content_type: string | null;
  content: string | null;
}

export interface BaselineOutputRow {
  model_id: string | null;
  status: string;
  simulated: boolean;
  files: OutputFileRow[];
}

export interface CandidateOutputRow {
  id: string;
  model_id: string;
  repeat_index: number;
  status: string;
  simulated: boolean;
  files: OutputFileRow[];
}

/** The files each side of an experiment wrote at its gate, with their text (read for side-by-side comparison). */
@Injectable()
export class ExperimentOutputsRepository {
  constructor(@Inject(PG) private readonly pg: Pg) {}

  async experiment(id: string): Promise<{ gate_id: string; source_run_id: string | null; model_ids: string[] } | null> {
    const { rows } = await this.pg.query<{ gate_id: string; source_run_id: string | null; model_ids: string[] }>(
      { name: 'experiment_outputs_head', text: 'SELECT gate_id, source_run_id, model_ids FROM experiments WHERE id = $1' },
      [id],
    );
    return rows[0] ?? null;
  }

  /** The source run's first attempt at the gate (the one candidates are compared with) and what it wrote. */
  async baseline(runId: string, gateId: string): Promise<BaselineOutputRow | null> {
    const { rows } = await this.pg.query<BaselineOutputRow>(
      {
        name: 'experiment_outputs_baseline',
        text: `SELECT g.model_id, g.status, g.simulated,
                 (SELECT coalesce(jsonb_agg(jsonb_build_object('path', a.file_path, 'sha256', a.content_hash, 'size_bytes', a.size_bytes,
                           'content_type', a.content_type, 'content', convert_from(a.content, 'UTF8')) ORDER BY a.file_path), '[]')
                    FROM artifacts a WHERE a.gate_execution_id = g.id) AS files
               FROM gate_executions g WHERE g.run_id = $1 AND g.gate_id = $2 ORDER BY g.attempt_number LIMIT 1`,
      },
      [runId, gateId],
    );
    return rows[0] ?? null;
  }

  /** Finished candidates with the files kept in their attempt record. */
  async candidates(experimentId: string): Promise<CandidateOutputRow[]> {
    const { rows } = await this.pg.query<CandidateOutputRow>(
      {
        name: 'experiment_outputs_candidates',
        text: `SELECT r.id, r.model_id, r.repeat_index, r.status, coalesce((r.attempt_record ->> 'simulated')::boolean, false) AS simulated,
                 (SELECT coalesce(jsonb_agg(jsonb_build_object('path', f ->> 'path', 'sha256', f ->> 'sha256', 'size_bytes', (f ->> 'size_bytes')::int,
                           'content_type', NULL, 'content', f ->> 'content') ORDER BY f ->> 'path'), '[]')
                    FROM jsonb_array_elements(coalesce(r.attempt_record -> 'files', '[]')) f) AS files
               FROM experiment_results r
               WHERE r.experiment_id = $1 AND r.status NOT IN ('pending', 'running')
               ORDER BY r.model_id, r.repeat_index`,
      },
      [experimentId],
    );
    return rows;
  }
}
