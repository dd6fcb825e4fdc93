// Public entry of keys: create, hash, verify, list and revoke API keys.

export { ApiKeyFormatError, ApiKeyNotFoundError } from './errors.ts';
export {
  bearerToken,
  type CreatedApiKey,
  createApiKey,
  hashApiKey,
  isKeyScope,
  KEY_SCOPES,
  type KeyCheck,
  type KeyScope,
  listApiKeys,
  type RandomBytes,
  revokeApiKey,
  scopeAllows,
  verifyApiKey,
} from './keys.ts';
