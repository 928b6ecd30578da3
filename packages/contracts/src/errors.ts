// One error catalogue: stable code → HTTP status → zh-CN and English message. The server answers
// every error as {code, message, details}; the web maps codes to messages the same way.
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, zh: '输入内容有误，请检查标出的字段', en: 'Invalid input' },
  MALFORMED_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'Malformed JSON body' },
  BAD_REQUEST: { status: 400, zh: '请求无效', en: 'Bad request' },
  PASSWORD_POLICY: { status: 400, zh: '密码不符合要求', en: 'Password does not meet the policy' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  SESSION_EXPIRED: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'Session expired, please sign in again',
  },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  WRONG_PASSWORD: { status: 400, zh: '原密码不正确', en: 'Current password is wrong' },
  FORBIDDEN: { status: 403, zh: '没有权限执行此操作', en: 'You do not have permission' },
  CSRF_INVALID: {
    status: 403,
    zh: '安全校验失败，请刷新页面后重试',
    en: 'Security token invalid; reload the page',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    zh: '首次登录请先修改密码',
    en: 'Please change your password first',
  },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'Account disabled' },
  NOT_FOUND: { status: 404, zh: '记录不存在或无权访问', en: 'Not found' },
  CONFLICT: {
    status: 409,
    zh: '记录已被他人修改，请刷新后重试',
    en: 'The record was changed by someone else',
  },
  DUPLICATE: { status: 409, zh: '记录已存在', en: 'Already exists' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交的内容过大', en: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '密码连续错误次数过多，账号已锁定，请 15 分钟后再试',
    en: 'Too many failed logins; the account is locked for 15 minutes',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests' },
  INTERNAL: { status: 500, zh: '服务器内部错误，请稍后再试', en: 'Internal server error' },
  UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface ErrorDetail {
  /** Dotted field path, e.g. "divisionCode" or "items.3.name"; empty for the whole request. */
  path: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}
