/** Machine-readable reason a statistics function refused its input. */
export type StatsErrorCode =
  | 'INVALID_ARGUMENT'
  | 'EMPTY_SAMPLE'
  | 'INVALID_COUNT'
  | 'INSUFFICIENT_DATA'
  | 'DEGENERATE'
  | 'NO_CONVERGENCE';

/**
 * The one error the stats module throws: impossible input (n = 0, count > n, a probability
 * outside [0, 1], …) or a numerical routine that did not converge. Callers map `code` to a
 * response; the functions never return NaN instead.
 *
 * @example
 * try { proportion(3, 0); } catch (e) { if (e instanceof StatsError) e.code; } // 'EMPTY_SAMPLE'
 */
export class StatsError extends Error {
  override readonly name = 'StatsError';
  readonly code: StatsErrorCode;

  constructor(code: StatsErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
