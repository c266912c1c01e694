// Facts about the apim-policy language shared by the extension manifest, the adapters and the CLI.

export const POLICY_LANGUAGE_ID = 'apim-policy';

/** The first line of a policy document or fragment, optionally after an XML declaration. */
export const POLICY_FIRST_LINE = /^\s*(<\?xml[^>]*\?>\s*)?<(policies|fragment)[\s>/]/;

export function isPolicyFirstLine(line: string): boolean {
  return POLICY_FIRST_LINE.test(line);
}
