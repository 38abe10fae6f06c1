import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { assertRegionOffersAll, missingServices } from '../../infra/regions.ts';

describe('regions: cdk synth fails early where a service the stack needs is missing', () => {
  it('a region with SES, Cognito managed login and SMS passes', () => {
    expect(missingServices('ap-southeast-1', { sms: true })).toEqual([]);
    expect(() => assertRegionOffersAll('eu-central-1', { sms: true })).not.toThrow();
  });

  it('Hong Kong has no SES: the message names it and where to look', () => {
    expect(() => assertRegionOffersAll('ap-east-1', { sms: false })).toThrow(/ap-east-1.*Amazon SES/);
    expect(() => assertRegionOffersAll('ap-east-1', { sms: false })).toThrow(/infra\/regions\.ts/);
  });

  it('Melbourne has Cognito user pools and SMS but no SES (AWS General Reference endpoint tables)', () => {
    expect(missingServices('ap-southeast-4', { sms: true })).toEqual(['Amazon SES（发送邮件）']);
    expect(() => assertRegionOffersAll('ap-southeast-4', { sms: false })).toThrow(/ap-southeast-4.*Amazon SES/);
  });

  it('the China regions lack Cognito user pools and SES, and the message says so', () => {
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      expect(missingServices(region, { sms: true })).toHaveLength(3);
      expect(() => assertRegionOffersAll(region, { sms: true })).toThrow(/AWS China regions/);
    }
  });

  it('without SMS the message says how to deploy mail only, and sms=none leaves SMS out of the check', () => {
    expect(missingServices('ap-east-1', { sms: true })).toEqual([
      'Amazon SES（发送邮件）',
      'AWS End User Messaging SMS（短信）',
    ]);
    expect(() => assertRegionOffersAll('ap-east-1', { sms: true })).toThrow(/--context sms=none/);
    expect(missingServices('ap-east-1', { sms: false })).toEqual(['Amazon SES（发送邮件）']);
  });

  it('an environment-agnostic synth (no region) is not checked', () => {
    expect(() => assertRegionOffersAll(undefined, { sms: true })).not.toThrow();
  });

  it('buildApp refuses before building any stack', () => {
    const before = process.env.CDK_DEFAULT_REGION;
    process.env.CDK_DEFAULT_REGION = 'cn-north-1';
    try {
      expect(() => buildApp('dev', undefined, { bundle: false })).toThrow(/cn-north-1/);
    } finally {
      if (before === undefined) delete process.env.CDK_DEFAULT_REGION;
      else process.env.CDK_DEFAULT_REGION = before;
    }
  });
});
