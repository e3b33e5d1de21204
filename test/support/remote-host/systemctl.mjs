// The remote host's fake systemctl: forwards its arguments to the fake systemd (supervisor.mjs) and prints its answer.
// Usage: node systemctl.mjs CONTROL_SOCKET [systemctl arguments...]; <dir>/bin/systemctl is a wrapper calling this.
import { connect } from "node:net";

const [socketPath, ...argv] = process.argv.slice(2);
let answer = "";
const connection = connect(socketPath ?? "", () => connection.write(JSON.stringify({ argv }) + "\n"));
connection.setEncoding("utf8");
connection.on("data", (chunk) => (answer += chunk));
connection.on("end", () => {
  const { code, stdout, stderr } = JSON.parse(answer);
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
});
connection.on("error", (error) => {
  // What systemctl says when systemd is not there to answer.
  process.stderr.write(`System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: ${error.message}\n`);
  process.exitCode = 1;
});
