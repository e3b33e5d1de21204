// The remote host's fake systemd: runs docker.service (see unit.mjs) and answers the fake systemctl on a unix socket.
// Usage: node supervisor.mjs CONFIG.json; started detached by startRemoteHost, stopped with SIGTERM (stops the unit).
import { appendFileSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { runSystemctl } from "./systemctl-commands.mjs";
import { Unit } from "./unit.mjs";

/** @type {{ controlSocket: string, journalFile: string, dockerdLog: string, dockerSocket: string, command: string, args: string[], staleFiles: string[] }} */
const config = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8"));

const journal = (line) => appendFileSync(config.journalFile, `${new Date().toISOString()} ${line}\n`);

const unit = new Unit({
  command: config.command,
  args: config.args,
  socket: config.dockerSocket,
  logFd: openSync(config.dockerdLog, "a"),
  journal,
  staleFiles: config.staleFiles,
});

// One request per connection: a JSON line {"argv": [...]}, answered with a JSON line {code, stdout, stderr}.
const server = createServer((connection) => {
  let input = "";
  connection.setEncoding("utf8");
  connection.on("data", (chunk) => {
    input += chunk;
    if (!input.includes("\n")) return;
    const { argv } = JSON.parse(input.slice(0, input.indexOf("\n")));
    runSystemctl(unit, argv)
      .catch((error) => ({ code: 1, stdout: "", stderr: `fake systemd: ${error.message}\n` }))
      .then((answer) => connection.end(JSON.stringify(answer) + "\n"));
  });
  connection.on("error", () => undefined);
});

rmSync(config.controlSocket, { force: true });
server.listen(config.controlSocket, () => {
  journal("fake systemd up; docker.service is enabled: starting it");
  void unit.start();
});

let stopping = false;
process.on("SIGTERM", () => {
  if (stopping) return;
  stopping = true;
  journal("fake systemd: SIGTERM, stopping docker.service");
  server.close();
  void unit.stop().then(() => process.exit(0));
});
