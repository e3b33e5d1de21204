// Test support, by hand: starts remote hosts and keeps them until SIGTERM, writing their details as JSON.
// npx tsx test/support/remote-host/hold.ts OUT.json name:index [name:index...]
import { writeFileSync } from "node:fs";
import { startRemoteHost, type RemoteHost } from "./index.js";

const [out, ...specs] = process.argv.slice(2);
const hosts: RemoteHost[] = [];
const stop = async () => {
  for (const host of hosts) await host.stop().catch((error: Error) => console.error(error.message));
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
for (const spec of specs) {
  const [name, index] = spec.split(":");
  hosts.push(await startRemoteHost({ name: name!, index: Number(index) }));
}
writeFileSync(out!, JSON.stringify(hosts.map(({ name, address, sshUrl, identityFile, knownHostsFile, hostKeyLine, dockerSocket, dir }) => ({ name, address, sshUrl, identityFile, knownHostsFile, hostKeyLine, dockerSocket, dir })), null, 2));
console.log(`ready: ${out}`);
setInterval(() => {}, 1 << 30);
