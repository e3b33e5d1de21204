// Limits of the address plan: each host gets a /24 of the experiment's /16, members from .10 up.
export const MAX_CONTAINERS_PER_HOST = 240;
