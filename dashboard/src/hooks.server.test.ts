import { describeAppHooks } from '@vw/app-shared/testing';
import { handle, handleError } from './hooks.server';

describeAppHooks({ handle, handleError }, { referrerPolicy: 'same-origin', secretUrl: 'http://localhost/reports/unit-42?session=secret-session-id', secret: 'secret-session-id' });
