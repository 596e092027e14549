/**
 * The smallest group the reports show by default. It mirrors the default of the organisations'
 * `min_group_size` in the API; an organisation may set it higher, and the API enforces it.
 */
export const DEFAULT_MIN_GROUP_SIZE = 10;
