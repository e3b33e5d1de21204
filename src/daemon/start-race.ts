// dockerd 20.10 creates, flushes and deletes its iptables chains (DOCKER-ISOLATION-STAGE-1/2, DOCKER-USER) at
// start. Two daemons starting at once clobber each other's chains: one fails on a chain the other just made
// ("Chain already exists") or just removed ("No chain/target/match by that name"), or on the xtables lock.
// Nothing is wrong with the loser; started again a moment later, it comes up.
const RACE = [/Chain already exists/i, /No chain\/target\/match by that name/i, /resource busy/i];

/** Whether dockerd's start failure is the iptables race with another daemon starting at the same time. */
export function isIptablesStartRace(failure: string): boolean {
  return /iptables/i.test(failure) || /resource busy/i.test(failure) ? RACE.some((pattern) => pattern.test(failure)) : false;
}

/** Milliseconds to wait before attempt `attempt + 1`: spread out, so two losers do not meet again. */
export function startRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(250 * attempt + 500 * random());
}
