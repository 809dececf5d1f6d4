import { Inject, Injectable } from '@nestjs/common';
import { createTwoFilesPatch } from 'diff';
import { ApiException, notFound } from '../common/errors/api.exception';
import { canonicalJson } from '../common/canonical-json';
import { PG, type Pg } from '../database/pg';
import { compareVersions } from '../workflows/semver';
import { iso } from '../workflows/workflows-read.service';
import type { SpecDiffDto, SpecVersionHistoryDto } from './dto/spec.dto';
import type { SpecVersionDto } from './dto/template.dto';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Version history of a template and the difference between two of its versions (admin views). */
@Injectable()
export class SpecHistoryService {
  constructor(@Inject(PG) private readonly pg: Pg) {}

  /** `id` is a template id or the id of any of its versions. Newest version first. */
  async history(id: string): Promise<SpecVersionHistoryDto> {
    const { rows } = await this.pg.query(
      `SELECT t.id, t.slug FROM workflow_templates t WHERE t.id = $1
       UNION ALL SELECT t.id, t.slug FROM specs s JOIN workflow_templates t ON t.id = s.template_id WHERE s.id = $1`,
      [id],
    );
    if (rows.length === 0) throw notFound(`Template or spec ${id}`);
    const template = rows[0];
    const versions = await this.versionsOf(template.id);
    return { template_id: template.id, template_slug: template.slug, versions, total: versions.length };
  }

  async versionsOf(templateId: string): Promise<SpecVersionDto[]> {
    const { rows } = await this.pg.query(
      `SELECT s.id, s.template_id, s.version, s.version_hash, s.artifact_type, s.output_formats, s.visibility, s.created_at,
              s.created_by_id, jsonb_array_length(s.stages) AS stage_count, s.id = t.active_spec_id AS active,
              (SELECT count(*) FROM runs r WHERE r.spec_id = s.id)::int AS run_count
       FROM specs s JOIN workflow_templates t ON t.id = s.template_id WHERE s.template_id = $1 AND NOT s.draft`,
      [templateId],
    );
    return rows.sort((a, b) => compareVersions(b.version, a.version)).map(toVersion);
  }

  /** Which stages and fields changed, plus a unified diff of the two definitions (pretty canonical JSON). */
  async diff(fromId: string, toId: string): Promise<SpecDiffDto> {
    const { rows } = await this.pg.query(
      `SELECT s.id, s.template_id, s.version, s.version_hash, s.artifact_type, s.output_formats, s.visibility, s.created_at,
              s.created_by_id, s.definition, jsonb_array_length(s.stages) AS stage_count, s.id = t.active_spec_id AS active
       FROM specs s JOIN workflow_templates t ON t.id = s.template_id WHERE s.id = ANY($1::uuid[])`,
      [[fromId, toId]],
    );
    const from = rows.find((row) => row.id === fromId);
    const to = rows.find((row) => row.id === toId);
    if (!from) throw notFound(`Spec ${fromId}`);
    if (!to) throw notFound(`Spec ${toId}`);
    if (from.template_id !== to.template_id) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'Both versions must belong to the same template.', [{ field: 'to', message: 'is a version of another template' }]);
    }
    const before = from.definition as Record<string, unknown>;
    const after = to.definition as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return {
      from: toSummary(from),
      to: toSummary(to),
      // The version number always differs; it is not a change of substance.
      changed_fields: fields.filter((field) => field !== 'version' && canonicalJson(before[field]) !== canonicalJson(after[field])),
      stages: stageChanges(before.gates, after.gates),
      patch: createTwoFilesPatch(`v${from.version}`, `v${to.version}`, pretty(before), pretty(after), undefined, undefined, { context: 3 }),
    };
  }
}

function pretty(value: unknown): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`;
}

function stageChanges(before: unknown, after: unknown): SpecDiffDto['stages'] {
  const byGate = (gates: unknown) => new Map((Array.isArray(gates) ? gates : []).map((gate: Row) => [String(gate.gate), canonicalJson(gate)]));
  const a = byGate(before);
  const b = byGate(after);
  return {
    added: [...b.keys()].filter((gate) => !a.has(gate)),
    removed: [...a.keys()].filter((gate) => !b.has(gate)),
    changed: [...b.keys()].filter((gate) => a.has(gate) && a.get(gate) !== b.get(gate)),
  };
}

function toSummary(row: Row) {
  return {
    id: row.id,
    template_id: row.template_id,
    version: row.version,
    version_hash: row.version_hash,
    artifact_type: row.artifact_type ?? null,
    output_formats: row.output_formats ?? [],
    visibility: row.visibility,
    active: row.active === true,
    created_at: iso(row.created_at),
  };
}

function toVersion(row: Row): SpecVersionDto {
  return { ...toSummary(row), stage_count: Number(row.stage_count ?? 0), created_by_id: row.created_by_id ?? null, run_count: Number(row.run_count ?? 0) };
}
