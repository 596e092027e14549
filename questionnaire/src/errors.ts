/** One problem in an instrument definition: where (path from the root) and why. */
export interface DefinitionIssue {
  path: (string | number)[];
  reason: string;
}

/** Why a response issue was raised; stable codes for the API and the import. */
export type ResponseIssueCode =
  | 'unknown_item'
  | 'unknown_option'
  | 'not_shown'
  | 'exclusive_combined'
  | 'out_of_range'
  | 'wrong_type'
  | 'required_missing'
  | 'duplicate_option'
  | 'too_long';

/** One problem in a set of answers. `option` is set when a specific option is at fault. */
export interface ResponseIssue {
  item: string;
  code: ResponseIssueCode;
  message: string;
  option?: string;
}

function formatPath(path: (string | number)[]): string {
  return path.length === 0 ? '(root)' : path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '');
}

/** Thrown when an instrument definition is malformed or inconsistent. */
export class DefinitionError extends Error {
  readonly code = 'definition_invalid';
  readonly issues: DefinitionIssue[];

  constructor(issues: DefinitionIssue[]) {
    super(`Invalid instrument definition:\n${issues.map((issue) => `- ${formatPath(issue.path)}: ${issue.reason}`).join('\n')}`);
    this.name = 'DefinitionError';
    this.issues = issues;
  }
}

/** Thrown by assertValidResponse (and derivations) when answers do not fit the instrument. */
export class ResponseValidationError extends Error {
  readonly code = 'response_invalid';
  readonly issues: ResponseIssue[];

  constructor(issues: ResponseIssue[]) {
    super(`Invalid answers:\n${issues.map((issue) => `- ${issue.item}: ${issue.message}`).join('\n')}`);
    this.name = 'ResponseValidationError';
    this.issues = issues;
  }
}
