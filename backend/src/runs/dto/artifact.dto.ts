import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Artifact', description: 'One version of one workspace file, written by one gate attempt.' })
export class ArtifactDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) run_id: string;
  @ApiProperty({ type: String, nullable: true, example: 'G4' }) gate_id: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) gate_execution_id: string | null;
  @ApiProperty({ type: Number, nullable: true }) attempt_number: number | null;
  @ApiProperty({ example: 'serendipity.html' }) file_name: string;
  @ApiProperty({ example: 'essay/serendipity.html', description: 'Path inside the run workspace.' }) file_path: string;
  @ApiProperty({ example: 'text/html' }) content_type: string;
  @ApiProperty({ description: 'sha256 (hex) of the file bytes.' }) content_hash: string;
  @ApiProperty() size_bytes: number;
  @ApiProperty({ description: 'Version of this path in the run (1 = first written).' }) version: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

@ApiSchema({ name: 'ArtifactList' })
export class ArtifactListDto {
  @ApiProperty({ type: [ArtifactDto], description: 'The latest version of every file, by path.' }) artifacts: ArtifactDto[];
  @ApiProperty() total: number;
}

@ApiSchema({ name: 'ArtifactWithContent' })
export class ArtifactWithContentDto extends ArtifactDto {
  @ApiProperty({ description: 'The file’s text (workspace files are UTF-8 text).' }) content: string;
  @ApiProperty({ enum: ['utf-8'] }) encoding: 'utf-8';
}
