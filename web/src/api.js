// JSON API client. Errors come as {error: {code, id, message, text, …}}
// (docs/api.md); ApiError keeps that object so pages can show text.zh.
export class ApiError extends Error {
  constructor(status, error, url) {
    super((error && (error.text?.zh || error.message?.zh)) || `HTTP ${status}`);
    this.status = status;
    this.error = error || null;
    this.url = url;
  }
}

async function request(method, url, body, isForm) {
  const opts = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    if (isForm) {
      opts.body = body;
    } else {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
  }
  let res;
  try {
    res = await fetch(url, opts);
  } catch (e) {
    throw new ApiError(0, {
      code: 'network',
      text: { zh: `无法连接服务器（${url}）`, en: `Cannot reach the server (${url})` },
    }, url);
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (res.status === 401 && !url.startsWith('api/auth/') && typeof window !== 'undefined') {
    // The session ended (idle, logged out elsewhere): App.vue goes to /login.
    window.dispatchEvent(new CustomEvent('jiaodu:unauthorized'));
  }
  if (!res.ok) {
    const err = data && data.error ? data.error : {
      code: `http_${res.status}`,
      text: {
        zh: `服务器返回错误 ${res.status}（${url}）`,
        en: `The server answered ${res.status} (${url})`,
      },
    };
    throw new ApiError(res.status, err, url);
  }
  if (data === null && text) {
    throw new ApiError(res.status, {
      code: 'bad_json',
      text: { zh: `服务器返回的不是有效的 JSON（${url}）`, en: `The server did not answer JSON (${url})` },
    }, url);
  }
  return data;
}

function q(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const api = {
  url: (path, params) => `api/${path}${q(params)}`,
  get: (path, params) => request('GET', `api/${path}${q(params)}`),
  put: (path, params, body) => request('PUT', `api/${path}${q(params)}`, body),
  post: (path, params, body) => request('POST', `api/${path}${q(params)}`, body),
  upload: (path, form) => request('POST', `api/${path}`, form, true),
};

// ---- student physical fitness (国家学生体质健康标准) ----

let fitnessMetaPromise = null;
/** GET /api/fitness/meta, cached; `force` after an import adds a year. */
export function loadFitnessMeta(force = false) {
  if (!fitnessMetaPromise || force) {
    fitnessMetaPromise = api.get('fitness/meta').catch((e) => {
      fitnessMetaPromise = null;
      throw e;
    });
  }
  return fitnessMetaPromise;
}

function attachmentName(res, fallback) {
  const cd = res.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch (e) {
      /* fall through */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads a generated file (xlsx, pdf) through fetch, so that a refusal
 * (e.g. 409 pdf.font_missing) is thrown as an ApiError and can be shown
 * instead of being saved as a file. Resolves to the saved file name.
 */
export async function downloadFile(url, fallbackName) {
  let res;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ApiError(0, {
      code: 'network',
      text: { zh: `无法连接服务器（${url}）`, en: `Cannot reach the server (${url})` },
    }, url);
  }
  if (!res.ok) {
    let err = null;
    try {
      err = (await res.json())?.error || null;
    } catch (e) {
      /* not JSON */
    }
    throw new ApiError(res.status, err || {
      code: `http_${res.status}`,
      text: { zh: `服务器返回错误 ${res.status}（${url}）`, en: `The server answered ${res.status} (${url})` },
    }, url);
  }
  return saveResponse(res, fallbackName);
}

/**
 * Saves the body of a successful fetch response as a file, under the name
 * its Content-Disposition gives (else fallbackName). Resolves to that name.
 */
export async function saveResponse(res, fallbackName) {
  const blob = await res.blob();
  const name = attachmentName(res, fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}
