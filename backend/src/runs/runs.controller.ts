import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZipArchive } from 'archiver';
import { Authenticated } from '../common/auth/authenticated.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { AdminRunsService } from './admin-runs.service';
import { ArtifactsService } from './artifacts.service';
import { CancelRunDto } from './dto/admin-run.dto';
import { attachmentDisposition, withCharset } from './content-disposition';
import { ArtifactListDto, ArtifactWithContentDto } from './dto/artifact.dto';
import { CreateRunDto, CreateRunResponseDto, ListRunsQueryDto, RunDetailDto, RunListDto } from './dto/run.dto';
import { RunAccessService } from './run-access.service';
import { RunsService } from './runs.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

/** The parts of Express's response the file routes use. */
export interface FileResponse {
  setHeader(name: string, value: string | number): void;
  status(code: number): FileResponse;
  end(chunk?: Buffer): void;
  headersSent: boolean;
  destroy(error?: Error): void;
}

@ApiTags('Runs')
@Authenticated()
@Controller('runs')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly access: RunAccessService,
    private readonly artifacts: ArtifactsService,
    private readonly operations: AdminRunsService,
  ) {}

  @Post()
  @Idempotent()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'Runs_create',
    summary: 'Start a run of a spec on an intent',
    description:
      'Validates the intent against the spec’s intake form (one error per bad field, named `intent.<key>`), creates the run and its first gate in one transaction, queues it, and answers at once. Follow it with the stream.',
  })
  @ApiCreatedResponse({ type: CreateRunResponseDto })
  @ApiErrorResponses(400, 404, 409, 413)
  create(@Body() body: CreateRunDto, @CurrentUser() user: AuthenticatedUser): Promise<CreateRunResponseDto> {
    return this.runs.create(user, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'Runs_cancel',
    summary: 'Cancel your pending, running or paused run',
    description:
      'Recorded like an operator action (`operator_action` then `run_cancelled` events, with who and the reason). A finished run answers 409 RUN_STATE_CONFLICT; someone else’s run 404.',
  })
  @ApiOkResponse({ type: RunDetailDto })
  @ApiErrorResponses(400, 404, 409)
  async cancel(@Param('id', UuidParam('id')) id: string, @Body() body: CancelRunDto, @CurrentUser() user: AuthenticatedUser): Promise<RunDetailDto> {
    await this.access.assertCanSee(user, id);
    await this.operations.cancel(user, id, body.reason);
    return this.runs.detail(id);
  }

  @Get()
  @ApiOperation({ operationId: 'Runs_list', summary: 'Your runs, newest first' })
  @ApiOkResponse({ type: RunListDto })
  @ApiErrorResponses(400)
  list(@Query() query: ListRunsQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<RunListDto> {
    return this.runs.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'Runs_get', summary: 'A run with its gates (latest attempt each, validation summaries), template and spec' })
  @ApiOkResponse({ type: RunDetailDto })
  @ApiErrorResponses(400, 404)
  async get(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<RunDetailDto> {
    await this.access.assertCanSee(user, id);
    return this.runs.detail(id);
  }

  @Get(':id/artifacts')
  @ApiOperation({ operationId: 'Runs_listArtifacts', summary: 'The run’s files: latest version of each path, with sha256 (no content)' })
  @ApiOkResponse({ type: ArtifactListDto })
  @ApiErrorResponses(400, 404)
  async listArtifacts(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<ArtifactListDto> {
    await this.access.assertCanSee(user, id);
    const artifacts = await this.artifacts.latestOf(id);
    return { artifacts, total: artifacts.length };
  }

  @Get(':id/package')
  @ApiOperation({
    operationId: 'Runs_package',
    summary: 'The deliverable package (zip)',
    description: 'Every workspace file, the essay as HTML and Markdown under `deliverable/`, and `manifest.json` with the sha256 and size of every other file and a run summary.',
  })
  @ApiOkResponse({ description: 'A zip archive.', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrorResponses(400, 404)
  async package(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser, @Res() response: FileResponse): Promise<void> {
    await this.access.assertCanSee(user, id);
    const pkg = await this.artifacts.package(id);
    response.setHeader('Content-Type', 'application/zip');
    response.setHeader('Content-Disposition', attachmentDisposition(pkg.fileName));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    const zip = new ZipArchive({ zlib: { level: 6 } });
    zip.on('error', (error: Error) => response.destroy(error));
    zip.pipe(response as unknown as NodeJS.WritableStream);
    for (const file of pkg.files) zip.append(file.content, { name: file.path });
    zip.append(`${JSON.stringify(pkg.manifest, null, 2)}\n`, { name: 'manifest.json' });
    await zip.finalize();
  }
}

@ApiTags('Runs')
@Authenticated()
@Controller('artifacts')
export class ArtifactsController {
  constructor(
    private readonly access: RunAccessService,
    private readonly artifacts: ArtifactsService,
    private readonly operations: AdminRunsService,
  ) {}

  @Get(':id')
  @ApiOperation({ operationId: 'Artifacts_get', summary: 'One file version: metadata and its text' })
  @ApiOkResponse({ type: ArtifactWithContentDto })
  @ApiErrorResponses(400, 404)
  async get(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<ArtifactWithContentDto> {
    await this.access.assertCanSeeArtifact(user, id);
    return this.artifacts.withContent(id);
  }

  @Get(':id/download')
  @ApiOperation({ operationId: 'Artifacts_download', summary: 'One file version as a download (its own content type, attachment)' })
  @ApiOkResponse({
    description: 'The file bytes, sent with the file’s own media type (text/html, text/markdown, application/json, image/png…).',
    content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrorResponses(400, 404)
  async download(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser, @Res() response: FileResponse): Promise<void> {
    await this.access.assertCanSeeArtifact(user, id);
    const file = await this.artifacts.bytes(id);
    response.setHeader('Content-Type', withCharset(file.contentType));
    response.setHeader('Content-Disposition', attachmentDisposition(file.fileName));
    response.setHeader('Content-Length', file.content.length);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // An HTML file opened directly from the API origin must not run scripts there.
    response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
    response.status(200).end(file.content);
  }
}
