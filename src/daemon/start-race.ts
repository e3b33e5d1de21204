// dockerd 20.10 creates, flushes and deletes its iptables chains (DOCKER-ISOLATION-STAGE-1/2, DOCKER-USER) at
// start. Two daemons starting at once clobber each other's chains: one fails on a chain the other just made
// ("Chain already exists") or just removed ("No chain/target/match by that name"), or on the xtables lock.
// Nothing is wrong with the loser; started again a moment later, it comes up.
const RACE = [/Chain already exists/i, /No chain\/target\/match by that name/i, /resource busy/i];

/** Whether dockerd's start failure is the iptables race with another daemon starting at the same time. */
export function isIptablesStartRace(failure: string): boolean {
  return /iptables/i.test(failure) || /resource busy/i.test(failure) ? RACE.some((pattern) => pattern.test(failure)) : false;
}

/**
 * dockerd 20.10 gives its containerd 15 s to serve (libcontainerd's supervisor), a reused one too: after a crash
 * with live-restore the old containerd, busy with the shims it kept, can take longer on a loaded machine (seen in
 * CI, in the matrix's daemon-crash cell). The containerd is ours and still there: another start finds it ready.
 */
export function isContainerdStartTimeout(failure: string): boolean {
  return /failed to start containerd: timeout waiting for containerd to start/i.test(failure);
}

/** Milliseconds to wait before attempt `attempt + 1`: spread out, so two losers do not meet again. */
export function startRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(250 * attempt + 500 * random());
}
