/**
 * Formats generated text with the repo's Prettier config, as if saved at `filePath`.
 * Prettier is loaded on first use: its CommonJS entry imports ES modules
 * dynamically, which jest's VM only allows when the function actually runs.
 */
export async function formatForRepo(filePath: string, text: string): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(filePath)) ?? {};
  return prettier.format(text, { ...options, filepath: filePath });
}
