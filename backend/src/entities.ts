import { AnalyticsFailCodeDaily } from './costs/entities/analytics-fail-code-daily.entity';
import { AnalyticsGateDaily } from './costs/entities/analytics-gate-daily.entity';
import { AuditEvent } from './audit/entities/audit-event.entity';
import { ApiKey } from './auth/entities/api-key.entity';
import { PasswordResetToken } from './auth/entities/password-reset-token.entity';
import { RefreshToken } from './auth/entities/refresh-token.entity';
import { ExperimentResult } from './experiments/entities/experiment-result.entity';
import { Experiment } from './experiments/entities/experiment.entity';
import { Model } from './models/entities/model.entity';
import { ProviderCredential } from './models/entities/provider-credential.entity';
import { Artifact } from './runs/entities/artifact.entity';
import { GateExecution } from './runs/entities/gate-execution.entity';
import { OperatorAction } from './runs/entities/operator-action.entity';
import { PromptPart } from './runs/entities/prompt-part.entity';
import { RunEvent } from './runs/entities/run-event.entity';
import { Run } from './runs/entities/run.entity';
import { WorkspaceFile } from './runs/entities/workspace-file.entity';
import { Setting } from './settings/entities/setting.entity';
import { User } from './users/entities/user.entity';
import { Spec } from './workflows/entities/spec.entity';
import { WorkflowTemplate } from './workflows/entities/workflow-template.entity';

/** Every entity of the schema (feature modules own them; the DataSource needs the full list). */
export const ENTITIES = [
  User,
  ApiKey,
  RefreshToken,
  PasswordResetToken,
  AuditEvent,
  WorkflowTemplate,
  Spec,
  Run,
  GateExecution,
  Artifact,
  RunEvent,
  OperatorAction,
  WorkspaceFile,
  PromptPart,
  Model,
  ProviderCredential,
  Setting,
  Experiment,
  ExperimentResult,
  AnalyticsGateDaily,
  AnalyticsFailCodeDaily,
];
