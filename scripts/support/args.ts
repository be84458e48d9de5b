/** The value after `--name` in a script's arguments, or undefined (scripts' own small parser). */
export function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
