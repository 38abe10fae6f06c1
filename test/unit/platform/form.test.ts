import { describe, expect, it } from 'vitest';
import { charCount, charLimitErrors, errorSummary, field } from '../../../shared/platform/pages/form.ts';

describe('form helpers', () => {
  it('counts characters as a person does: a Chinese character or an emoji is one', () => {
    expect(charCount('报送')).toBe(2);
    expect(charCount('a😀b')).toBe(3);
    expect(Buffer.byteLength('报送')).toBe(6);
  });

  it('gives one error per field over its limit, naming the field in Chinese and the excess', () => {
    const summary = '灾'.repeat(20_000);
    const errors = charLimitErrors(
      { title: '标题', summary, place: undefined },
      { title: ['标题', 100], summary: ['事件概况', 5000], place: ['地点', 100] },
    );
    expect(errors).toEqual([{ field: 'summary', message: '事件概况最多 5000 字，现在 20000 字，请删减 15000 字。' }]);
    expect(charLimitErrors({ title: '字'.repeat(100) }, { title: ['标题', 100] })).toEqual([]);
  });

  it('ties a field to its hint and error, marks it required and invalid, and keeps the value typed', () => {
    const out = field({
      name: 'contact.phone',
      label: '联系电话',
      value: 'abc"<',
      required: true,
      maxChars: 20,
      hint: '手机或座机',
      errors: [
        { field: 'contact.phone', message: '联系电话格式不正确' },
        { field: 'title', message: 'x' },
      ],
    }).value;
    expect(out).toContain('<label for="f-contact-phone" class="required">联系电话</label>');
    expect(out).toContain('aria-describedby="f-contact-phone-hint f-contact-phone-error"');
    expect(out).toContain('aria-invalid="true"');
    expect(out).toContain('required aria-required="true"');
    expect(out).toContain('maxlength="20"');
    expect(out).toContain('value="abc&quot;&lt;"');
    expect(out).toContain('<span class="field-error" id="f-contact-phone-error">联系电话格式不正确</span>');
    expect(out).not.toContain('>x<');
    const clean = field({ name: 'summary', label: '概况', type: 'textarea', value: '原文' }).value;
    expect(clean).toContain('<textarea id="f-summary" name="summary">原文</textarea>');
    expect(clean).not.toContain('aria-invalid');
  });

  it('sums up every error at once, each linking to its field by its Chinese label', () => {
    const out = errorSummary(
      [
        { field: 'title', message: '请填写标题' },
        { field: 'occurredAt', message: '发生时间不能晚于现在' },
        { field: 'summary', message: '事件概况最多 5000 字' },
      ],
      { title: '标题', occurredAt: '发生时间', summary: '事件概况' },
    ).value;
    expect(out).toContain('有 3 处需要修改');
    expect(out).toContain('<a href="#f-occurredAt">发生时间</a>：发生时间不能晚于现在');
    expect(out).not.toContain('occurredAt：');
    expect(errorSummary([], {}).value).toBe('');
  });
});
