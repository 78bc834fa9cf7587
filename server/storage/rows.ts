/** Conversions between domain values and the portable column types of schema.ts. */
export const toText = (d: Date): string => d.toISOString();
export const toDate = (s: string): Date => new Date(s);
export const toDateOrNull = (s: string | null): Date | null => (s === null ? null : new Date(s));
export const toJson = (v: unknown): string => JSON.stringify(v ?? null);
export const fromJson = <T = unknown>(s: string): T => JSON.parse(s) as T;
