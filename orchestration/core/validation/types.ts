import type { Depth, Severity, ValidationType } from '../content/contract-schema';

/** A row's kind: one of the 14 validation types (13 from Esy, plus `local_assets`), a required output, or a pre-script. */
export type CheckType = ValidationType | 'required_output' | 'pre_script';

export type ValidatorFailCode = 'MISSING_ARTIFACT' | 'VALIDATION_FAILED' | 'HEADING_MISMATCH' | 'CONTRACT_ERROR';

/**
 * One result row. A check that did not run (network checks off, pre-scripts on the server) is
 * `{ passed: true, skipped: true }` with the reason in `detail`: it neither fails nor warns the gate.
 */
export interface CheckResult {
  type: CheckType;
  /** The path checked, as resolved (or the contract's target when it could not be resolved). */
  target: string;
  passed: boolean;
  severity: Severity;
  detail: string;
  skipped?: boolean;
  /** The contract's description of the check, when it has one. */
  description?: string;
  /** Why a failed row failed (set only on failed rows). */
  code?: ValidatorFailCode;
}

/** pass: every check passed · warn: only warning checks failed · fail: an error check failed. */
export type GateOutcome = 'pass' | 'warn' | 'fail';

export interface ContractValidationResult {
  gate: string;
  outcome: GateOutcome;
  /** Distinct codes of the failed error rows, in first-seen order (empty unless the outcome is fail). */
  failCodes: ValidatorFailCode[];
  results: CheckResult[];
  summary: { total: number; passed: number; failed: number; warnings: number; skipped: number };
}

export interface PreScriptRun {
  /** The script path as written in the contract (relative to the root). */
  path: string;
  /** Arguments with template variables substituted. */
  args: string[];
}

/** Runs one pre-script (the CLI spawns node); ok=false makes a failed error row with `detail`. */
export type PreScriptRunner = (script: PreScriptRun) => Promise<{ ok: boolean; detail: string }>;

export interface ValidateOptions {
  depth: Depth;
  /** `{slug}`; defaults to the last segment of the artifact path. */
  slug?: string;
  /** `{artifact_path}`: the artifact folder, relative to the reader's root ('' = the root; the server's case). */
  artifactPath?: string;
  /** Run `url_reachable` checks (default false: they are reported skipped). */
  network?: boolean;
  /** Time allowed for one URL, redirects included (default 10 000 ms). */
  urlTimeoutMs?: number;
  /** Redirects followed per URL (default 5). */
  maxRedirects?: number;
  /** URLs checked at the same time (default 10). */
  urlConcurrency?: number;
  /** The fetch used for URL checks (tests and proxies); the global fetch by default. */
  fetch?: typeof fetch;
  /** Runs pre-scripts (the CLI). Without it they are reported skipped with `preScriptsSkippedReason`. */
  runPreScript?: PreScriptRunner;
  /** Default: "pre_scripts run only in the local CLI". */
  preScriptsSkippedReason?: string;
}
