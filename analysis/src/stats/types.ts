/** A point estimate with the bounds of its confidence interval. */
export interface Interval {
  value: number;
  low: number;
  high: number;
}

/** A binomial observation: `count` successes out of `n`. */
export interface ProportionSample {
  count: number;
  n: number;
}
