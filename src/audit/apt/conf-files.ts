// Which files in apt.conf.d apt actually reads (apt.conf(5)): alphanumeric order, names of letters, digits,
// "-", "_" and "." only, and either no extension or ".conf". Others are skipped (backups silently).

const SILENT = [/~$/, /\.disabled$/, /\.bak$/, /\.dpkg-[a-z]+$/, /\.ucf-[a-z]+$/, /\.save$/, /\.orig$/, /\.distUpgrade$/];

export interface ConfFileChoice {
  read: string[];
  ignored: { name: string; reason: string }[];
}

export function chooseConfFiles(names: string[]): ConfFileChoice {
  const read: string[] = [];
  const ignored: ConfFileChoice["ignored"] = [];
  for (const name of [...names].sort()) {
    if (name.startsWith(".")) continue;
    if (SILENT.some((pattern) => pattern.test(name))) {
      ignored.push({ name, reason: "apt skips it silently (a backup or package-manager leftover)" });
    } else if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      ignored.push({ name, reason: "apt skips it: only letters, digits, -, _ and . are allowed in the name" });
    } else if (name.includes(".") && !name.endsWith(".conf")) {
      ignored.push({ name, reason: `apt skips it: the extension "${name.slice(name.lastIndexOf("."))}" is neither none nor .conf` });
    } else read.push(name);
  }
  return { read, ignored };
}
