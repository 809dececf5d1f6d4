import { inject, Injectable } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import {
  adminRunsApproveGate,
  adminRunsCancel,
  adminRunsRerunGate,
  adminRunsResume,
  adminRunsSkipGate,
  Api,
  toApiProblem,
} from '@esy/api-client';
import { firstValueFrom, type Observable } from 'rxjs';
import { ModelsData, priceOf } from '../data/models.data';
import { ActionDialogComponent, type ActionDialogData, type ActionDialogResult, type ModelChoice } from './action-dialog.component';

/** What a rerun of a delivered run means for the gates after it (the engine's integrity sweep). */
const LATER_GATES =
  'Later gates are not run again, but every passed gate is re-checked against the new files: if one of their checks no longer holds, the run pauses instead of completing.';

/**
 * Operator actions on a run, each behind a confirmation that says what will happen and records why. Resolves true
 * when the action was accepted by the API (the page then reloads, and live events follow).
 */
@Injectable({ providedIn: 'root' })
export class RunActions {
  private readonly api = inject(Api);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly models = inject(ModelsData);

  rerun(runId: string, gateId: string, runStatus = ''): Promise<boolean> {
    const delivered = runStatus === 'completed';
    return this.act(
      {
        title: `Rerun ${gateId}`,
        message: delivered
          ? `This run has already delivered its artifact. Rerunning ${gateId} reopens it: the files ${gateId} writes may change, and the package the user downloads is rebuilt from them when the run completes again. ${LATER_GATES}`
          : `A new attempt of ${gateId} runs on the model the router picks, then the run carries on from there.`,
        confirm: delivered ? 'Reopen and rerun' : 'Rerun',
        reason: delivered ? 'required' : 'optional',
        danger: delivered,
      },
      (r) => this.api.invoke(adminRunsRerunGate, { id: runId, gateId, body: r.reason ? { reason: r.reason } : {} }),
      `${gateId} is running again`,
    );
  }

  async rerunOnModel(runId: string, gateId: string, seen: string[], runStatus = ''): Promise<boolean> {
    const delivered = runStatus === 'completed';
    // If the model table cannot be read, the models this run already used are still a valid choice.
    const models: ModelChoice[] = await firstValueFrom(this.models.list()).then(
      (listed) => listed.filter((m) => m.active !== false).map((m) => ({ id: m.id, detail: `${m.provider} · ${m.tier} · ${priceOf(m)}`, simulated: m.provider_configured === false })),
      () => seen.map((id) => ({ id, detail: 'used in this run' })),
    );
    return this.act(
      {
        title: `Rerun ${gateId} on another model`,
        message: delivered
          ? `This run has already delivered its artifact. One new attempt of ${gateId} on the model you choose reopens it; the package the user downloads is rebuilt from the new files when the run completes again. ${LATER_GATES}`
          : `One new attempt of ${gateId} on the model you choose; the rest of the run keeps its routing.`,
        confirm: 'Rerun on this model',
        reason: delivered ? 'required' : 'optional',
        danger: delivered,
        models,
      },
      (r) => this.api.invoke(adminRunsRerunGate, { id: runId, gateId, body: { model_id: r.modelId, ...(r.reason ? { reason: r.reason } : {}) } }),
      `${gateId} is running again on the chosen model`,
    );
  }

  skip(runId: string, gateId: string): Promise<boolean> {
    return this.act(
      { title: `Skip ${gateId}`, message: `${gateId} will be marked skipped and the run continues with the next gate. Its contract is not checked.`, confirm: 'Skip gate', reason: 'required', danger: true },
      (r) => this.api.invoke(adminRunsSkipGate, { id: runId, gateId, body: { reason: r.reason } }),
      `${gateId} skipped`,
    );
  }

  approve(runId: string, gateId: string): Promise<boolean> {
    return this.act(
      { title: `Approve ${gateId}`, message: `${gateId} will count as passed despite its failed checks (they stay on record as evidence), and the run continues.`, confirm: 'Approve as passed', reason: 'required' },
      (r) => this.api.invoke(adminRunsApproveGate, { id: runId, gateId, body: { reason: r.reason } }),
      `${gateId} approved`,
    );
  }

  cancel(runId: string): Promise<boolean> {
    return this.act(
      { title: 'Cancel this run', message: 'The run stops now and cannot be resumed. Files written so far are kept.', confirm: 'Cancel run', reason: 'optional', danger: true },
      (r) => this.api.invoke(adminRunsCancel, { id: runId, body: r.reason ? { reason: r.reason } : {} }),
      'Run cancelled',
    );
  }

  resume(runId: string): Promise<boolean> {
    return this.act(
      { title: 'Resume this run', message: 'The run continues with the first gate that has not passed, with a fresh set of attempts.', confirm: 'Resume', reason: 'optional' },
      (r) => this.api.invoke(adminRunsResume, { id: runId, body: r.reason ? { reason: r.reason } : {} }),
      'Run resumed',
    );
  }

  private async act(data: ActionDialogData, call: (result: ActionDialogResult) => Observable<unknown>, done: string): Promise<boolean> {
    const ref = this.dialog.open<ActionDialogComponent, ActionDialogData, ActionDialogResult>(ActionDialogComponent, { data, width: '32rem', autoFocus: 'first-tabbable' });
    const result = await firstValueFrom(ref.afterClosed());
    if (!result) return false;
    try {
      await firstValueFrom(call(result));
      this.snack.open(done, undefined, { duration: 2500 });
      return true;
    } catch (error) {
      this.snack.open(toApiProblem(error).message, 'Dismiss', { duration: 8000 });
      return false;
    }
  }
}
