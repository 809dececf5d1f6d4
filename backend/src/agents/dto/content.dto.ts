import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'ContractCheck', description: 'One validation of a contract, as a line for pickers and summaries.' })
export class ContractCheckDto {
  @ApiProperty({ example: 'contains_headings' }) type: string;
  @ApiProperty({ enum: ['error', 'warning'] }) severity: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
}

@ApiSchema({ name: 'ContractSummary' })
export class ContractSummaryDto {
  @ApiProperty({ example: 'G4.1', description: 'Contract id (`gates/contracts/<id>.contract.json`); a stage’s `contract`, default its gate id.' }) gate: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() blocking: boolean;
  @ApiProperty({ type: [String], description: 'Paths of the required (`all_of`) outputs.' }) required_outputs: string[];
  @ApiProperty({ type: [String], description: 'Paths of which at least one must exist (`any_of`).' }) any_of_outputs: string[];
  @ApiProperty({ type: [ContractCheckDto] }) checks: ContractCheckDto[];
  @ApiProperty({ type: [String], description: 'Skill paths the contract injects.' }) required_skills: string[];
}

@ApiSchema({ name: 'ContractList' })
export class ContractListDto {
  @ApiProperty({ type: [ContractSummaryDto] }) contracts: ContractSummaryDto[];
  @ApiProperty() total: number;
}

@ApiSchema({ name: 'ContractDetail', description: 'A gate contract in full (the contract file as loaded, defaults applied).' })
export class ContractDetailDto extends ContractSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) contract: Record<string, unknown>;
}

@ApiSchema({ name: 'ProfileSummary' })
export class ProfileSummaryDto {
  @ApiProperty({ example: 'research/historical', description: 'What a stage’s `profiles` map names.' }) id: string;
  @ApiProperty({ enum: ['research', 'design'] }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
}

@ApiSchema({ name: 'ProfileList' })
export class ProfileListDto {
  @ApiProperty({ type: [ProfileSummaryDto] }) profiles: ProfileSummaryDto[];
  @ApiProperty() total: number;
}
