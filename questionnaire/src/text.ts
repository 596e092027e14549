import type { KNOWN_PLACEHOLDERS } from './schema.js';

export type PlaceholderValues = Partial<Record<(typeof KNOWN_PLACEHOLDERS)[number], string>>;

/**
 * Fills `{name}` placeholders in a definition text (e.g. the organisation's reporting point in
 * the social-safety signpost). Throws when a value is missing: a signpost without its link would
 * send respondents nowhere.
 *
 * @example
 * fillPlaceholders('Meld via {reporting_point_url}.', { reporting_point_url: 'https://meldpunt.example' });
 * // 'Meld via https://meldpunt.example.'
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(/\{([^}]*)\}/g, (_match, name: string) => {
    const value = (values as Record<string, string | undefined>)[name];
    if (value === undefined) throw new Error(`No value for placeholder {${name}}`);
    return value;
  });
}
