import * as z from 'zod';

export const devLoginSchema = z
  .object({ email: z.string({ error: '请填写邮箱' }).trim().email({ error: '邮箱格式不正确' }) })
  .strict();
