/** Shared by the bench scripts. */

/** 2026-11-26T00:00:00Z, the sample issue's release date: reproducible output dates. */
export const SOURCE_DATE_EPOCH = 1795651200;
