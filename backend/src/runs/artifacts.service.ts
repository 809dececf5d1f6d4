import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/api.exception';
import { PG, type Pg } from '../database/pg';
import type { ArtifactDto, ArtifactWithContentDto } from './dto/artifact.dto';
import { htmlToMarkdown } from './html-to-markdown';
import { packageReadme } from './package-readme';
import { ATTEMPT_VIEW_COLUMNS, gateViews, isoOrNull, money } from './run-views';
import { deciderNames, overrideReasons, verificationOf } from './run-verification';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ARTIFACT_COLUMNS = `a.id, a.run_id, a.gate_id, a.gate_execution_id, g.attempt_number, a.file_name, a.file_path, a.content_type,
  a.content_hash, a.size_bytes, a.version, a.created_at`;

export interface PackageFile {
  path: string;
  content: Buffer;
  contentType: string;
}

export interface RunPackage {
  fileName: string;
  files: PackageFile[];
  manifest: Record<string, unknown>;
}

/** Files of a run: the latest version per path, one version with its text, and the deliverable package. */
@Injectable()
export class ArtifactsService {
  constructor(@Inject(PG) private readonly pg: Pg) {}

  async latestOf(runId: string): Promise<ArtifactDto[]> {
    const { rows } = await this.pg.query(
      `SELECT DISTINCT ON (a.file_path) ${ARTIFACT_COLUMNS}
       FROM artifacts a LEFT JOIN gate_executions g ON g.id = a.gate_execution_id
       WHERE a.run_id = $1 ORDER BY a.file_path, a.version DESC`,
      [runId],
    );
    return rows.map(toArtifact);
  }

  async withContent(artifactId: string): Promise<ArtifactWithContentDto> {
    const { rows } = await this.pg.query(
      `SELECT ${ARTIFACT_COLUMNS}, a.content FROM artifacts a LEFT JOIN gate_executions g ON g.id = a.gate_execution_id WHERE a.id = $1`,
      [artifactId],
    );
    if (rows.length === 0) throw notFound(`Artifact ${artifactId}`);
    return { ...toArtifact(rows[0]), content: (rows[0].content as Buffer | null)?.toString('utf8') ?? '', encoding: 'utf-8' };
  }

  async bytes(artifactId: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    const { rows } = await this.pg.query('SELECT file_name, content_type, content FROM artifacts WHERE id = $1', [artifactId]);
    if (rows.length === 0) throw notFound(`Artifact ${artifactId}`);
    return { fileName: rows[0].file_name, contentType: rows[0].content_type, content: rows[0].content ?? Buffer.alloc(0) };
  }

  /**
   * The deliverable: every workspace file, the essay as HTML and Markdown under `deliverable/` (the writer's
   * markdown when the workspace has one next to the essay, else derived from the HTML), and `manifest.json` with
   * the sha256 and size of every other file in the zip plus a run summary.
   */
  async package(runId: string): Promise<RunPackage> {
    const { rows: runs } = await this.pg.query(
      `SELECT r.id, r.project_slug, r.display_name, r.status, r.simulated, r.total_gates, r.passed_gates, r.failed_gates,
         r.skipped_gates, r.tokens_in, r.tokens_out, r.total_cost_usd, r.started_at, r.completed_at, r.intent, r.mode, r.depth,
         r.integrity_sweep, t.slug AS template_slug, t.name AS template_name, s.version AS spec_version, s.version_hash AS spec_hash
       FROM runs r JOIN workflow_templates t ON t.id = r.template_id JOIN specs s ON s.id = r.spec_id WHERE r.id = $1`,
      [runId],
    );
    if (runs.length === 0) throw notFound(`Run ${runId}`);
    const run = runs[0];
    const { rows } = await this.pg.query<{ path: string; content: string; content_type: string }>(
      'SELECT path, content, content_type FROM workspace_files WHERE run_id = $1 ORDER BY path',
      [runId],
    );
    const files: PackageFile[] = rows.map((row) => ({ path: row.path, content: Buffer.from(row.content, 'utf8'), contentType: row.content_type }));

    const essay = findEssay(rows);
    let deliverable: Record<string, unknown> | null = null;
    if (essay) {
      const base = run.project_slug as string;
      const markdownSource = rows.find((row) => row.path === essay.path.replace(/\.html?$/i, '.md'));
      const markdown = markdownSource ? markdownSource.content : htmlToMarkdown(essay.content);
      files.push({ path: `deliverable/${base}.html`, content: Buffer.from(essay.content, 'utf8'), contentType: 'text/html' });
      files.push({ path: `deliverable/${base}.md`, content: Buffer.from(markdown, 'utf8'), contentType: 'text/markdown' });
      deliverable = {
        html: `deliverable/${base}.html`,
        markdown: `deliverable/${base}.md`,
        html_source: essay.path,
        markdown_source: markdownSource ? markdownSource.path : `derived from ${essay.path}`,
      };
    }

    const { rows: attempts } = await this.pg.query(
      `SELECT ${ATTEMPT_VIEW_COLUMNS} FROM gate_executions WHERE run_id = $1 ORDER BY gate_order, attempt_number`,
      [runId],
    );
    const stages = [...new Map(attempts.map((a) => [a.gate_id, { gate: a.gate_id, name: a.gate_name, phase: a.phase }])).values()];
    const gates = gateViews(stages, attempts, 0, await deciderNames(this.pg, attempts));
    const verification = verificationOf(run.status, gates, await overrideReasons(this.pg, runId));
    const modelAttempts = attempts.filter((a) => a.model_id !== null);
    files.unshift({
      // The workspace's own README.md (if a workflow wrote one) keeps its name.
      path: files.some((file) => file.path === 'README.md') ? 'PACKAGE-README.md' : 'README.md',
      contentType: 'text/markdown',
      content: Buffer.from(
        packageReadme({
          displayName: run.display_name,
          templateName: run.template_name,
          status: run.status,
          completedAt: isoOrNull(run.completed_at),
          verification,
          simulatedAttempts: modelAttempts.filter((a) => a.simulated).length,
          modelAttempts: modelAttempts.length,
          deliverable: deliverable as { html: string; markdown: string } | null,
        }),
        'utf8',
      ),
    });

    const manifest = {
      format: 'esy-package/1',
      generated_at: new Date().toISOString(),
      run: {
        id: run.id,
        project_slug: run.project_slug,
        display_name: run.display_name,
        template: { slug: run.template_slug, name: run.template_name },
        spec: { version: run.spec_version, version_hash: run.spec_hash },
        status: run.status,
        simulated: run.simulated,
        intent: run.intent,
        mode: run.mode,
        depth: run.depth,
        gates: { total: run.total_gates, passed: run.passed_gates, failed: run.failed_gates, skipped: run.skipped_gates },
        tokens: { in: run.tokens_in, out: run.tokens_out },
        total_cost_usd: money(run.total_cost_usd),
        started_at: isoOrNull(run.started_at),
        completed_at: isoOrNull(run.completed_at),
      },
      verification,
      integrity_sweep: run.integrity_sweep ?? null,
      attempts: attempts.map((attempt) => ({
        gate_id: attempt.gate_id,
        attempt_number: attempt.attempt_number,
        status: attempt.status,
        decision: gates.find((gate) => gate.attempt_id === attempt.id)?.decision ?? attempt.status,
        model_id: attempt.model_id ?? null,
        simulated: attempt.simulated === true,
      })),
      deliverable,
      files: files.map((file) => ({
        path: file.path,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        size_bytes: file.content.length,
        content_type: file.contentType,
      })),
    };
    return { fileName: `${run.project_slug}.zip`, files, manifest };
  }
}

/** The essay: an HTML file under `essay/` (the largest), else the largest HTML file of the workspace. */
function findEssay(rows: Array<{ path: string; content: string }>): { path: string; content: string } | null {
  const html = rows.filter((row) => /\.html?$/i.test(row.path));
  const preferred = html.filter((row) => row.path.startsWith('essay/'));
  const pool = preferred.length > 0 ? preferred : html;
  return pool.reduce<{ path: string; content: string } | null>((best, row) => (!best || row.content.length > best.content.length ? row : best), null);
}

function toArtifact(row: Row): ArtifactDto {
  return {
    id: row.id,
    run_id: row.run_id,
    gate_id: row.gate_id ?? null,
    gate_execution_id: row.gate_execution_id ?? null,
    attempt_number: row.attempt_number ?? null,
    file_name: row.file_name,
    file_path: row.file_path,
    content_type: row.content_type,
    content_hash: row.content_hash,
    size_bytes: row.size_bytes,
    version: row.version,
    created_at: isoOrNull(row.created_at)!,
  };
}
