// oidc-provider ships no types; the local runtime uses a small part of it (infra/local/oidc-provider.ts).
declare module 'oidc-provider';
