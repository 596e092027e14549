/** The XLSX writer moved to @vw/app-shared so the API's exports use the same one (issue 14). */
export * from '@vw/app-shared/xlsx';
