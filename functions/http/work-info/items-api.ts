import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { handler as addExternalAdoption } from './add-external-adoption.ts';
import { handler as adoptItem } from './adopt-item.ts';
import { handler as createItem } from './create-item.ts';
import { handler as publishPeriodical } from './publish-periodical.ts';
import { handler as readItems } from './read-items.ts';
import { handler as readPeriodicals } from './read-periodicals.ts';
import { handler as reviewItem } from './review-item.ts';
import { handler as signOffItem } from './sign-off-item.ts';
import { handler as submitItem } from './submit-item.ts';
import { handler as updateItem } from './update-item.ts';

type Handler = (event: never, context: Context) => Promise<unknown>;

/**
 * The JSON API of work information as one Lambda function (the stack must stay under CloudFormation's 500 resources):
 * each route keeps its own thin handler with its own zod body and middy chain; this only picks it by route key.
 */
const BY_ROUTE: Record<string, Handler> = {
  'POST /api/items': createItem,
  'GET /api/items': readItems,
  'GET /api/items/{itemId}': readItems,
  'PATCH /api/items/{itemId}': updateItem,
  'POST /api/items/{itemId}/submit': submitItem,
  'POST /api/items/{itemId}/review': reviewItem,
  'POST /api/items/{itemId}/adopt': adoptItem,
  'POST /api/items/{itemId}/sign-off': signOffItem,
  'POST /api/items/{itemId}/external-adoptions': addExternalAdoption,
  'POST /api/orgs/{orgId}/periodicals': publishPeriodical,
  'GET /api/orgs/{orgId}/periodicals': readPeriodicals,
  'GET /api/orgs/{orgId}/periodicals/{periodicalId}': readPeriodicals,
};

export const ITEM_API_ROUTE_KEYS = Object.keys(BY_ROUTE);

export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<unknown> {
  const h = BY_ROUTE[event.routeKey];
  if (!h) return { statusCode: 404, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: { code: 'NOT_FOUND', message: '接口不存在。', details: [] } }) };
  return h(event as never, context);
}
