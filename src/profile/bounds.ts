// The bounds a profile must stay inside: what the address plan can hold and what this tool can really run.

/**
 * Host i (from 1, in the order of `hosts:`) gets 10.x.i.0/24 of the experiment's /16 (src/topology/plan.ts), so
 * 255 hosts is where the plan ends. Each host is a whole dockerd + containerd, and every host needs a container
 * of its own (an unused host is refused); 16 sandbox daemons and their 50 containers came up in 86 s on the 2-core
 * machine this is developed on.
 */
export const MAX_HOSTS = 16;

/**
 * Containers in one experiment, all hosts together. Each smesher votes to every other one every layer, so the
 * work grows with the square of the count. On 2 cores at 1 s layers: 100 smeshers on one host did not all come
 * up within 200 s (load average 169) and verified no layer; 50 on 16 hosts were created in 86 s but not all
 * healthy 145 s later. 40 is what `rebound matrix` runs (at 60 s layers); at 1 s layers keep to about 20 here.
 */
export const MAX_CONTAINERS = 40;

/** Shortest layer: rebound polls the stand-ins every 500 ms, so a shorter layer could pass unseen between two polls. */
export const MIN_LAYER_SECONDS = 0.5;

/** Every time in a profile (a delay, a fault's duration, a budget, a schedule from genesis): at most an hour. */
export const MAX_SECONDS = 3600;

/** A schedule's layer or epoch, whatever the layer length: an hour of the shortest layers. */
export const MAX_SCHEDULE_LAYER = MAX_SECONDS / MIN_LAYER_SECONDS;

/** Counts of layers (a lag, a hold, an observation, a budget). */
export const MAX_LAYER_COUNT = 10_000;

/** Faults in a method; each may repeat up to 100 times. */
export const MAX_FAULTS = 100;
