// One line per event on stdout, timestamped, so `docker logs` reads as a timeline.

export type Fields = Record<string, string | number | boolean | null | undefined>;
export type Logger = (event: string, fields?: Fields) => void;

function render(value: string | number | boolean | null): string {
  return typeof value === "string" && /^[^\s"=]*$/.test(value) && value !== "" ? value : JSON.stringify(value);
}

export function makeLogger(role: string, id: string, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return (event, fields = {}) => {
    const parts = [new Date().toISOString(), `${role}/${id}`, event];
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) parts.push(`${k}=${render(v)}`);
    write(parts.join(" ") + "\n");
  };
}
