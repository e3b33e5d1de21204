// rebound run PROFILE: load and check the profile, make sure an engine exists and the profile starts fresh,
// then hand it to the experiment engine (src/run/experiment.ts).
import { randomInt } from "node:crypto";
import { ensureEngine, requireRoot } from "../daemon/engine.js";
import { inputError } from "../errors.js";
import { readRecord } from "../experiment/record.js";
import type { Progress } from "../run/progress.js";
import { contextSchemesOf, probeExistingEngines } from "../fleet/existing-hosts.js";
import { loadProfile } from "../profile/load.js";
import { runExperiment } from "../run/experiment.js";
import type { RunResult } from "../run/result.js";

export interface RunOptions {
  reuse: boolean;
  keep: boolean;
  seed?: number;
  /** Consent to daemon faults on existing engines (rebound never stops a daemon it did not start without it). */
  allowDaemonFaults?: boolean;
  progress: Progress;
  signal: AbortSignal;
}

export async function run(profilePath: string, options: RunOptions): Promise<RunResult> {
  const allowDaemonFaults = options.allowDaemonFaults ?? false;
  let profile = await loadProfile(profilePath, { allowDaemonFaults });
  // A context's endpoint is known only once read: faults that need ssh are checked again against it, at their spot.
  const contextSchemes = contextSchemesOf(profile, profilePath);
  if (Object.keys(contextSchemes).length > 0) profile = await loadProfile(profilePath, { allowDaemonFaults, contextSchemes });
  requireRoot();
  await ensureEngine((line) => options.progress.info(line));
  // Every existing engine answers before the run's journal exists: an unreachable one is an error that made nothing.
  await probeExistingEngines(profile, profilePath, (key, endpoint) => options.progress.step(`connecting to host ${key} (${endpoint})`));
  if (!options.reuse && (await readRecord(profile.name))) {
    throw inputError(
      `profile ${profile.name} has state from an earlier up; a run starts from scratch`,
      `remove it with: rebound down ${profile.name} --volumes (or run with --reuse)`,
    );
  }
  const seed = options.seed ?? randomInt(1, 2 ** 31);
  return runExperiment(profile, profilePath, { seed, keep: options.keep, progress: options.progress, signal: options.signal });
}
