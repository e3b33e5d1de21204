// Peers addressed by name (a swarm's service names): resolved over DNS with a short timeout, off libuv's thread
// pool. getaddrinfo, Node's default, takes a pool thread per lookup; a name whose task is gone is not in Swarm's
// embedded DNS, which then asks the node's upstream servers and waits seconds for an answer that cannot come.
// Four such lookups hold the whole pool, and every other lookup (a PoET on the same node) and file write waits:
// measured on a swarm, a smesher lost the PoET beside it for as long as another node's daemon was down.
import { Resolver } from "node:dns";
import type { LookupFunction } from "node:net";

const resolver = new Resolver({ timeout: 250, tries: 2 });

export const lookupByDns: LookupFunction = (hostname, options, callback) => {
  resolver.resolve4(hostname, (error, addresses) => {
    const first = addresses?.[0];
    if (error || first === undefined) {
      const failure = Object.assign(error ?? new Error(`${hostname}: no address`), { code: error?.code ?? "ENOTFOUND" }) as NodeJS.ErrnoException;
      return options.all ? callback(failure, []) : callback(failure, "", 4);
    }
    if (options.all) return callback(null, addresses.map((address) => ({ address, family: 4 })));
    callback(null, first, 4);
  });
};
