import { describe, expect, it } from 'vitest';
import { intervalText } from './histogram_chart';

describe('intervalText', () => {
  it('names an interval in the largest unit that divides it', () => {
    expect(intervalText(604800000)).toBe('1w');
    expect(intervalText(86400000 * 30)).toBe('30d');
    expect(intervalText(10800000)).toBe('3h');
    expect(intervalText(300000)).toBe('5m');
    expect(intervalText(1000)).toBe('1s');
  });
});
