import { describe, expect, it } from 'vitest';
import { attachment } from './download';

describe('attachment (download names, issue 13)', () => {
  it('cannot end the quoted name, add a second filename or carry a line break', () => {
    for (const hostile of ['x"; filename="evil.bat', 'a\r\nSet-Cookie: s=1', 'W\u0000X', '../../etc/passwd', 'x;filename*=UTF-8\'\'evil.bat']) {
      const header = attachment(hostile, 'csv');
      expect(header).toMatch(/^attachment; filename="[A-Za-z0-9][A-Za-z0-9._-]*\.csv"$/);
      expect(header.match(/filename\*?=/g)).toHaveLength(1);
    }
  });
  it('keeps an ordinary name and never answers an empty one', () => {
    expect(attachment('CLAS-13BEVCIE-DEF-2025', 'pdf')).toBe('attachment; filename="CLAS-13BEVCIE-DEF-2025.pdf"');
    expect(attachment('""', 'xlsx')).toBe('attachment; filename="download.xlsx"');
  });
});
