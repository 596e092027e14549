/** Shapes the server hands to the survey components (texts already in the page's language). */
export interface ChoiceView {
  value: string;
  label: string;
}

export interface QuestionView {
  code: string;
  kind: 'radio' | 'checkbox' | 'text';
  text: string;
  choices: ChoiceView[];
  /** Current answer as form values. */
  selected: string[];
  maxLength?: number;
  multi: boolean;
}

/** A module intro split around the organisation's reporting-point link. */
export interface SignpostView {
  title: string;
  before: string;
  after: string;
  /** Whether the intro names the reporting point (between `before` and `after`). */
  placeholder: boolean;
  /** The organisation's reporting-point link; null shows the fallback wording
   * (where to find it) instead; `before` and `after` are then already adjusted around it. */
  url: string | null;
}
