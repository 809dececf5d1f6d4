// Dev-server proxy shared by user-ui and admin-ui: /api goes to the backend (ESY_API_URL, default
// http://127.0.0.1:3000). Server-sent events must reach the browser as they are written, so their responses are
// marked as not to be transformed or buffered by anything in between.
const target = process.env.ESY_API_URL ?? 'http://127.0.0.1:3000';

export default {
  '/api': {
    target,
    secure: false,
    changeOrigin: false,
    ws: false,
    configure(proxy) {
      proxy.on('proxyRes', (response) => {
        if (String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          response.headers['cache-control'] = 'no-cache, no-transform';
          response.headers['x-accel-buffering'] = 'no';
          delete response.headers['content-length'];
        }
      });
    },
  },
};
