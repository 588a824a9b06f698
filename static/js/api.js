// The REST API client shared by every page: URL prefix, JSON calls with readable errors,
// and decoding of the compact grids returned by /api/surface (see docs/api.md).

const meta = document.querySelector('meta[name="api-base"]');
export const BASE = meta ? meta.content.replace(/\/$/, "") : "";

export class ApiError extends Error {
  constructor(status, detail) {
    super(formatDetail(detail) || `HTTP ${status}`);
    this.status = status;
    this.detail = detail;
  }
}

// Turn FastAPI's {"detail": [...]} into one readable line per problem.
export function formatDetail(detail) {
  if (!detail) return "";
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((d) => {
        const loc = (d.loc || []).filter((p) => p !== "body").join(".");
        return loc ? `${loc}: ${d.msg}` : d.msg;
      })
      .join("\n");
  }
  return JSON.stringify(detail);
}

async function request(method, path, body, signal) {
  const init = { method, headers: {}, signal };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(BASE + path, init);
  let data = null;
  const text = await res.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: text };
    }
  }
  if (!res.ok) throw new ApiError(res.status, data && data.detail);
  return data;
}

export const get = (path, signal) => request("GET", path, undefined, signal);
export const post = (path, body, signal) => request("POST", path, body, signal);

// Decode one GRID ({shape, min, max, encoding, data}) into a Float32Array (row-major, row 0 = y min).
export function decodeGrid(grid) {
  const [rows, cols] = grid.shape;
  if (grid.encoding === "json") return Float32Array.from(grid.data.flat());
  const bin = atob(grid.data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (grid.encoding === "float32") return new Float32Array(bytes.buffer, 0, rows * cols);
  const out = new Float32Array(rows * cols);
  const span = grid.max - grid.min;
  for (let i = 0; i < out.length; i++) out[i] = grid.min + (span * bytes[i]) / 255;
  return out;
}

// Decode a GRID into an array of rows (what Plotly heatmaps take as z).
export function gridRows(grid) {
  const flat = decodeGrid(grid);
  const [rows, cols] = grid.shape;
  const z = new Array(rows);
  for (let r = 0; r < rows; r++) z[r] = Array.from(flat.subarray(r * cols, (r + 1) * cols));
  return z;
}
