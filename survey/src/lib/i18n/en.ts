import type { MessageKey } from './nl';

/** English texts; every Dutch key must be here (checked by the compiler and `i18n.test.ts`). */
export const en: Record<MessageKey, string> = {
  'app.name': 'Veilig Werk',
  'app.tagline': 'Anonymous survey on social safety at work',
  'nav.skipToContent': 'Skip to content',
  'nav.language': 'Language',
  'nav.switchLanguage': 'Nederlands',
  'home.title': 'Welcome to the social safety survey',
  'home.intro':
    'In this survey you tell us how safe you feel at work: how colleagues and managers treat each other, and whether you experience or witness unwanted behaviour.',
  'home.anonymous':
    'The survey is anonymous. Your name and email address are not linked to your answers, and nobody in your organisation can see what you filled in.',
  'home.invitation':
    'You open the survey with the personal invitation link you received. With that link you can later continue where you left off.',
  'home.minGroupSize':
    'Results are only shown for groups that are large enough: at least {minGroupSize} respondents by default. That way no answer can be traced back to one person.',
  'home.noLink': 'No invitation received? Ask the survey’s contact person in your organisation.',
  'error.title': 'Something went wrong',
  'error.notFound': 'This page does not exist.',
  'error.generic': 'An unexpected error occurred. Please try again later.',
  'error.backHome': 'Back to the home page',
};
