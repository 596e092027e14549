/** One bar: what it stands for and how long it is, already computed by the caller. */
export interface BarDatum {
  label: string;
  value: number;
}
